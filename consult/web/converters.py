"""Hostile URLs stopped where they enter: route numbers the database can hold, path segments
without the characters PostgreSQL refuses (else no such page, 404)."""

from werkzeug.routing import IntegerConverter, UnicodeConverter

#: The largest id or number a URL may name: PostgreSQL's INTEGER, which every id column is.
ROUTE_INT_MAX = 2**31 - 1

#: A path segment's character: not "/", no control character that stored text may not hold
#: (consult/inputs.py's CONTROL_CHARACTERS), and no tab, line feed or return either.
_PATH_CLASS = r"[^/\x00-\x1f\x7f]"


def _up_to(limit):
    """A regular expression for the whole numbers from 1 to `limit`, in ASCII digits, no leading 0."""
    digits = str(limit)
    shorter = [f"[1-9][0-9]{{0,{len(digits) - 2}}}"] if len(digits) > 1 else []
    same_length = [f"{digits[:i]}[{'1' if i == 0 else '0'}-{int(d) - 1}][0-9]{{{len(digits) - i - 1}}}"
                   for i, d in enumerate(digits) if int(d) > (1 if i == 0 else 0)]
    return "(?:" + "|".join([*shorter, *same_length, digits]) + ")"


class BoundedIntConverter(IntegerConverter):
    """`<int:...>`: a whole number from 1 to ROUTE_INT_MAX; anything else is no such page (404).

    Bounded in the pattern itself, not only after matching: a number past the range then matches
    no rule at all, so a path that also has a GET route answers 404 to a POST, never 405.
    """

    regex = _up_to(ROUTE_INT_MAX)

    def __init__(self, map, fixed_digits=0, min=1, max=ROUTE_INT_MAX, signed=False):
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=max, signed=False)


class TextSegmentConverter(UnicodeConverter):
    """`<slug>`, `<token>`: one path segment without control characters (else 404)."""

    def __init__(self, map, minlength=1, maxlength=None, length=None):
        super().__init__(map, minlength=minlength, maxlength=maxlength, length=length)
        self.regex = _PATH_CLASS + self.regex[len("[^/]"):]


def init_app(app):
    """Make the bounded converters the app's `int` and default ones: call before any route exists."""
    app.url_map.converters.update(int=BoundedIntConverter, default=TextSegmentConverter,
                                  string=TextSegmentConverter)
