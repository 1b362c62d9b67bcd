"""What an author's edit changed, for the moderation queue: the text before and after, word by word."""

import difflib
import re
from dataclasses import dataclass

#: Words, punctuation and spaces, each its own piece: "office." and "office at" share "office".
_WORD = re.compile(r"[\w'’-]+|[^\w\s]|\s+")


def word_changes(before, after):
    """(kind, text) pieces turning `before` into `after`: kind is "same", "removed" or "added"."""
    old, new = _WORD.findall(before or ""), _WORD.findall(after or "")
    pieces = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if op == "equal":
            pieces.append(("same", "".join(old[i1:i2])))
            continue
        if i2 > i1:
            pieces.append(("removed", "".join(old[i1:i2])))
        if j2 > j1:
            pieces.append(("added", "".join(new[j1:j2])))
    return pieces


@dataclass
class EditChange:
    """The author's edits since the last decision: each changed part as word pieces."""

    #: None when the title did not change (or there is none).
    title: list | None
    #: None when the text did not change.
    body: list | None


def edit_change(contribution):
    """What the author's edits waiting in the queue changed, or None when there are none."""
    if contribution.before_edit_body is None or contribution.is_deleted:
        return None
    title = (word_changes(contribution.before_edit_title, contribution.title)
             if (contribution.before_edit_title or "") != (contribution.title or "") else None)
    body = (word_changes(contribution.before_edit_body, contribution.body)
            if contribution.before_edit_body != contribution.body else None)
    return EditChange(title, body) if title or body else None
