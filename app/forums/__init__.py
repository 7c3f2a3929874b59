"""Forums and trainings: planning, agenda, public pages and invitations."""
