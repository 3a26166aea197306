"""GetCouncillorsByWard answers in the real XML shape (as ModernGov sites publish them)."""

from __future__ import annotations


def councillor(
    cid: str,
    name: str,
    *,
    party: str = "Example Party",
    keyposts: str = "",
    email: str = "",
    home_line1: str = "1 Private Home Road",
) -> str:
    return f"""
        <councillor>
          <councillorid>{cid}</councillorid>
          <fullusername>Councillor {name}</fullusername>
          <photosmallurl>https://democracy.example.org/UserData/{cid}/small.jpg</photosmallurl>
          <photobigurl>https://democracy.example.org/UserData/{cid}/big.jpg</photobigurl>
          <politicalpartytitle>{party}</politicalpartytitle>
          <politicalgrouptitle />
          <districttitle />
          <representing />
          <keyposts>{keyposts}</keyposts>
          <workaddress>
            <line1>Town Hall</line1>
            <line2>Exampleborough</line2>
            <line3 /><line4 /><line5 />
            <postcode>EX1 1AA</postcode>
            <phone>01632 960000</phone>
            <mobile />
            <fax />
            <email>{email}</email>
          </workaddress>
          <homeaddress>
            <line1>{home_line1}</line1>
            <line2 /><line3 /><line4 /><line5 />
            <postcode>EX9 9ZZ</postcode>
            <phone>01632 969999</phone>
            <mobile />
            <fax />
            <email>home@example.net</email>
          </homeaddress>
          <termsofoffice>
            <termofoffice><startdate>05/05/2022</startdate><enddate>unspecified</enddate></termofoffice>
          </termsofoffice>
        </councillor>"""


def ward(title: str, *councillors: str) -> str:
    return f"""
    <ward>
      <wardtitle>{title}</wardtitle>
      <councillors>
        <councillorcount>{len(councillors)}</councillorcount>{"".join(councillors)}
      </councillors>
    </ward>"""


def councillors_by_ward(*wards: str) -> str:
    return f'<?xml version="1.0" encoding="utf-8"?>\n<councillorsbyward>\n  <wards>{"".join(wards)}\n  </wards>\n</councillorsbyward>\n'
