"""The printed table of a bench: columns given as (figure, title, width, format)."""


def table_line(columns, values=None):
    """The column titles, or one case's figures."""
    if values is None:
        return " ".join(f"{title:>{width}}" for _key, title, width, _format in columns)
    return " ".join(f"{values[key]:>{width}{format_}}" for key, _title, width, format_ in columns)
