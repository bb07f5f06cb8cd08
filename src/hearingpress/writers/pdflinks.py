"""One link annotation for each line of a link, tagged in its Link structure element.

WeasyPrint 70 gives every inline box inside an `<a>` an annotation of its own (the link is
inherited), tagged in that box's structure element: the pieces of a URL that break by
Chicago's rule (`span.url-part`, `<wbr>`) would each be a link, not nested in a Link element
as PDF/UA asks. The `<a>` itself already has one annotation per line that covers them all;
so the finisher drops the others, from the pages, the structure tree and its parent tree.
"""

from __future__ import annotations

import pydyf


def drop_nested_link_annotations(pdf: pydyf.PDF) -> int:
    """Remove the link annotations of boxes inside a link; return how many there were."""

    def deref(reference: bytes) -> pydyf.Dictionary:
        return pdf.objects[int(reference.split()[0])]

    root = deref(pdf.catalog["StructTreeRoot"])
    nums = deref(root["ParentTree"])["Nums"]
    owners = {
        nums[index]: nums[index + 1]
        for index in range(0, len(nums), 2)
        if not isinstance(nums[index + 1], pydyf.Array)
    }
    dropped: dict[bytes, int] = {}  # annotation reference -> its StructParent key
    for page_reference in pdf.page_references:
        page = deref(page_reference)
        kept = pydyf.Array()
        for reference in page.get("Annots", []):
            annotation = deref(reference)
            key = annotation.get("StructParent")
            nested = (
                annotation.get("Subtype") == "/Link"
                and key in owners
                and deref(owners[key])["S"] != "/Link"
            )
            if nested:
                dropped[reference] = key
            else:
                kept.append(reference)
        if "Annots" in page:
            page["Annots"] = kept
    if not dropped:
        return 0
    for obj in pdf.objects:
        if isinstance(obj, pydyf.Dictionary) and obj.get("Type") == "/StructElem":
            obj["K"] = pydyf.Array(kid for kid in obj["K"] if not _refers_to(deref, kid, dropped))
    keys = set(dropped.values())
    kept_nums = pydyf.Array()
    for index in range(0, len(nums), 2):
        if nums[index] not in keys:
            kept_nums.extend(nums[index : index + 2])
    deref(root["ParentTree"])["Nums"] = kept_nums
    for reference in dropped:
        deref(reference).clear()  # unreferenced now; an empty object is written in its place
    return len(dropped)


def _refers_to(deref, kid: object, dropped: dict) -> bool:
    """Whether a structure element's kid is an object reference to a dropped annotation."""
    if not isinstance(kid, bytes):  # a marked-content id
        return False
    target = deref(kid)
    return isinstance(target, pydyf.Dictionary) and target.get("Obj") in dropped
