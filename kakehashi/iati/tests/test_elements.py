"""`elements.raw_xml`: an element kept whole, as a copy cleaned of the namespace declarations
it inherited but does not use would be written (without making that copy where it can tell)."""

import copy

import pytest
from lxml import etree

from kakehashi.iati.services.elements import raw_xml

ROOT = (
    '<iati-activities xmlns:usg="https://explorer.usaid.gov" '
    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
    "<iati-activity>{}</iati-activity></iati-activities>"
)


def cleaned_copy(element) -> str:
    element = copy.deepcopy(element)
    etree.cleanup_namespaces(element)
    return etree.tostring(element, encoding="unicode", with_tail=False)


@pytest.mark.parametrize(
    "child",
    [
        '<location ref="L"><name><narrative>Kandy</narrative></name></location>',
        '<transaction><usg:treasury-account code="1"/><value>1</value></transaction>',
        '<sector usg:code="7" code="1"/>',
        '<result xsi:type="t" type="1"><title><narrative>A</narrative></title></result>',
        '<tag xmlns:x="urn:a&amp;b"><w x:code="1"/></tag>',
        '<z><y xmlns:usg="urn:other"><usg:w/></y></z>',  # declared again inside
        '<z xmlns="urn:default"><y/></z>',
        '<z><usg:w xmlns:usg="https://explorer.usaid.gov"/></z>',
        "<z>\n  <y/>\n</z>",
    ],
)
@pytest.mark.parametrize("more", ["", ' xmlns:x="urn:a&amp;b"'])  # escaped: the copy is made
def test_raw_xml_is_the_cleaned_copy(child, more):
    root = ROOT.replace("<iati-activities ", f"<iati-activities{more} ")
    element = etree.fromstring(root.format(child))[0][0]
    assert raw_xml(element) == cleaned_copy(element)


def test_a_prefix_named_in_a_text_keeps_its_declaration():
    """The one difference from the cleaned copy: still the same XML."""
    element = etree.fromstring(ROOT.format("<z><n>see usg: the code</n></z>"))[0][0]
    kept = raw_xml(element)
    assert 'xmlns:usg="https://explorer.usaid.gov"' in kept
    assert "xmlns:xsi" not in kept
    assert etree.tostring(etree.fromstring(kept)) == etree.tostring(
        etree.fromstring(cleaned_copy(element))
    ).replace(b"<z>", b'<z xmlns:usg="https://explorer.usaid.gov">')


def test_raw_xml_of_every_element_of_real_files(iati_data):
    """Every child of every activity of the samples that declare namespaces."""
    checked = 0
    for name in ("usaid/usaid-lk.xml", "who/who-arg.xml"):
        path = iati_data / "samples" / name
        if not path.exists():
            pytest.skip(f"{name} is not in the samples")
        for activity in etree.parse(str(path)).getroot():
            for element in activity.iter():
                if element is not activity and isinstance(element.tag, str):
                    assert raw_xml(element) == cleaned_copy(element)
                    checked += bool(element.nsmap)
    assert checked > 1000
