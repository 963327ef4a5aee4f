"""The directory in formats other programs read: schema.org JSON-LD, vCard and GeoJSON."""

from django.urls import reverse


def json_ld(request, org):
    """schema.org Organization with its services as an offer catalog."""
    data = {
        "@context": "https://schema.org",
        "@type": "Organization",
        "@id": request.build_absolute_uri(org.get_absolute_url()),
        "name": org.name,
        "url": org.website or request.build_absolute_uri(org.get_absolute_url()),
        "identifier": str(org.uuid),
    }
    if org.short_description or org.description:
        data["description"] = org.short_description or org.description
    if org.email:
        data["email"] = org.email
    if org.phone:
        data["telephone"] = org.phone
    if org.parent_id and org.parent.is_published:
        data["parentOrganization"] = {"@type": "Organization", "name": org.parent.name}
    places = [
        {
            "@type": "PostalAddress",
            "streetAddress": place.street,
            "postalCode": place.postal_code,
            "addressLocality": place.municipality.name,
            "addressCountry": "AT",
        }
        for place in org.locations.all()
    ]
    if places:
        data["address"] = places[0] if len(places) == 1 else places
    services = [
        {
            "@type": "Offer",
            "itemOffered": {
                "@type": "Service",
                "name": service.name,
                **({"description": service.description} if service.description else {}),
            },
            **({"price": "0", "priceCurrency": "EUR"} if service.is_free else {}),
        }
        for service in org.services.all()
    ]
    if services:
        data["hasOfferCatalog"] = {
            "@type": "OfferCatalog",
            "name": "Angebote",
            "itemListElement": services,
        }
    return data


def escape(value):
    """A vCard 3.0 text value (RFC 2426): backslash, comma, semicolon and newlines escaped."""
    return (
        str(value)
        .replace("\\", "\\\\")
        .replace(",", "\\,")
        .replace(";", "\\;")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
    )


def vcard(request, org):
    """The organisation's public contact as a vCard 3.0."""
    lines = [
        "BEGIN:VCARD",
        "VERSION:3.0",
        f"FN:{escape(org.name)}",
        "N:;;;;",  # required in vCard 3.0; an organisation has no personal name
        f"ORG:{escape(org.name)}",
        "KIND:org",
    ]
    lines = [line for line in lines if line != "KIND:org"]  # KIND is vCard 4 only
    if org.phone:
        lines.append(f"TEL;TYPE=WORK,VOICE:{escape(org.phone)}")
    if org.phone_other:
        lines.append(f"TEL;TYPE=WORK:{escape(org.phone_other)}")
    if org.email:
        lines.append(f"EMAIL;TYPE=INTERNET:{escape(org.email)}")
    for place in org.locations.all():
        parts = ["", "", place.street, place.municipality.name, "", place.postal_code, "Österreich"]
        lines.append("ADR;TYPE=WORK:" + ";".join(escape(part) for part in parts))
    lines.append(f"URL:{escape(org.website or request.build_absolute_uri(org.get_absolute_url()))}")
    if org.short_description:
        lines.append(f"NOTE:{escape(org.short_description)}")
    lines.append(f"UID:urn:uuid:{org.uuid}")
    lines.append("END:VCARD")
    return "\r\n".join(lines) + "\r\n"


def geojson(places):
    """A FeatureCollection of places with coordinates (rows of Location.values()), each naming
    its organisation."""
    directory = reverse("partners:directory")  # an entry is at <directory><slug>/
    return {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "geometry": {
                    "type": "Point",
                    "coordinates": [float(place["longitude"]), float(place["latitude"])],
                },
                "properties": {
                    "name": place["organisation__name"],
                    "url": f"{directory}{place['organisation__slug']}/",
                    "place": place["name"],
                    "address": f"{place['street']}, {place['postal_code']} "
                    f"{place['municipality__name']}",
                },
            }
            for place in places
        ],
    }
