import pytest

from kakehashi.iati.tests.helpers import shared_data


@pytest.fixture(scope="session")
def iati_data():
    return shared_data()


@pytest.fixture
def write(tmp_path):
    """write("name.xml", text_or_bytes) -> path"""

    def _write(name: str, content) -> str:
        path = tmp_path / name
        if isinstance(content, str):
            content = content.encode("utf-8")
        path.write_bytes(content)
        return str(path)

    return _write


MINIMAL = """<?xml version="1.0" encoding="UTF-8"?>
<iati-activities version="{version}">
{activities}
</iati-activities>
"""

ACTIVITY = """<iati-activity last-updated-datetime="{updated}" default-currency="EUR">
 <iati-identifier>{identifier}</iati-identifier>
 <reporting-org ref="XM-DAC-701-8" type="10"><narrative>JICA</narrative></reporting-org>
 <title><narrative>{title}</narrative><narrative xml:lang="ja">題名</narrative></title>
 <description type="1"><narrative>Desc</narrative></description>
 <participating-org role="1" ref="XM-DAC-701-2" type="10"><narrative>MOFA</narrative>
 </participating-org>
 <activity-status code="2"/>
 <activity-date type="1" iso-date="2020-01-01"/>
 <recipient-country code="VN" percentage="100"/>
 <sector vocabulary="1" code="11220" percentage="100"/>
 <budget type="1" status="1"><period-start iso-date="2020-01-01"/>
  <period-end iso-date="2020-12-31"/>
  <value value-date="2020-01-01">1000.5</value></budget>
 <transaction><transaction-type code="{ttype}"/><transaction-date iso-date="2020-02-01"/>
  <value currency="USD" value-date="2020-02-01">250.125</value></transaction>
</iati-activity>"""


def activity_xml(
    identifier="XM-DAC-701-8-1", title="Water", updated="2024-01-01T00:00:00Z", ttype="3"
):
    return ACTIVITY.format(identifier=identifier, title=title, updated=updated, ttype=ttype)


def iati_file(*activities, version="2.03") -> str:
    return MINIMAL.format(version=version, activities="\n".join(activities))
