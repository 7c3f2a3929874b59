"""The organizer's pages of network health: the dashboard, the lists behind its figures, the
organizations losing touch and their bulk actions, the annual network report."""

from app.network import bp, timeline


@bp.app_context_processor
def network_helpers():
    """The organization's timeline, for its directory page (templates/network/_timeline.html)."""
    return {
        "organization_timeline": timeline.organization_timeline,
        "timeline_first_shown": timeline.FIRST_SHOWN,
    }
