"""Reading form controls out of a page, whatever the order of their attributes."""

import re

_ATTRIBUTE = re.compile(r'([\w-]+)(?:="([^"]*)")?')


def _tags(html, tag):
    for match in re.finditer(rf"<{tag}\b([^>]*)>", html):
        yield dict((name, value) for name, value in _ATTRIBUTE.findall(match.group(1)))


def checked(html, name):
    """The values of the checked checkboxes or radio buttons called `name`."""
    return {a.get("value") for a in _tags(html, "input") if a.get("name") == name and "checked" in a}


def unchecked(html, name):
    """The values of the checkboxes or radio buttons called `name` that are not checked."""
    return {a.get("value") for a in _tags(html, "input") if a.get("name") == name and "checked" not in a}


def selected(html, name):
    """The values of the selected options of the select called `name`."""
    match = re.search(rf'<select\b[^>]*name="{name}"[^>]*>(.*?)</select>', html, flags=re.S)
    return {a.get("value") for a in _tags(match.group(1), "option") if "selected" in a}


def options(html, name):
    """Every option value of the select called `name`."""
    match = re.search(rf'<select\b[^>]*name="{name}"[^>]*>(.*?)</select>', html, flags=re.S)
    return {a.get("value") for a in _tags(match.group(1), "option")}
