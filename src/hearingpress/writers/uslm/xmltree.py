"""The USLM tree's vocabulary: namespaces, making elements and text, ids, and the errors for
what has no place in USLM 2.1.0."""

from __future__ import annotations

import re

import panflute as pf
from lxml import etree

from hearingpress import uslm_schema

USLM = uslm_schema.NAMESPACE
DC = "http://purl.org/dc/elements/1.1/"
XHTML = "http://www.w3.org/1999/xhtml"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
NSMAP = {None: USLM, "dc": DC, "xhtml": XHTML, "xsi": XSI}


class Unmappable(ValueError):
    """Something in the AST that has no valid place in USLM 2.1.0."""


def u(tag: str) -> str:
    return f"{{{USLM}}}{tag}"


def sub(parent: etree._Element, tag: str, text: str | None = None, **attrs: str) -> etree._Element:
    """A USLM (or, with a '{ns}' tag, other) child element; `class_` sets @class."""
    name = tag if tag.startswith("{") else u(tag)
    element = etree.SubElement(parent, name)
    for key, value in attrs.items():
        element.set(key.rstrip("_"), value)
    if text is not None:
        element.text = text
    return element


def add_text(parent: etree._Element, text: str) -> None:
    """Append text at the end of a mixed-content element."""
    if len(parent):
        last = parent[-1]
        last.tail = (last.tail or "") + text
    else:
        parent.text = (parent.text or "") + text


def xml_id(identifier: str) -> str:
    """A Pandoc identifier as an xsd:ID (an NCName): prefixed and cleaned when it is not one."""
    if re.fullmatch(r"[^\W\d][\w.-]*", identifier):
        return identifier
    return "id-" + re.sub(r"[^\w.-]", "-", identifier)


def kind_name(element: pf.Element) -> str:
    return type(element).__name__


def near(element: pf.Element) -> str:
    """A few words around an element, so an error says where in the statement it is."""
    while element is not None and not pf.stringify(element).strip():
        element = element.parent
    if element is None or isinstance(element, pf.Doc):
        return ""
    text = " ".join(pf.stringify(element).split())
    return f" (near “{text[:40]}{'…' if len(text) > 40 else ''}”)"
