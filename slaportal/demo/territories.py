"""Demo routing: North America staffed by the two demo SDRs; EMEA not staffed yet (REJ-07)."""

from leads.models import Territory, TerritoryMember, TerritoryRegion

DEMO_TERRITORIES = (
    ("North America", ("US", "CA"), ("sdr1", "sdr2"), "sdr2"),
    ("EMEA", ("GB", "DE", "FR", "NL"), (), None),
)


def seed_territories(users) -> None:
    for name, countries, sdrs, on_call in DEMO_TERRITORIES:
        territory, _ = Territory.objects.update_or_create(
            name=name, defaults={"on_call_sdr": users[on_call] if on_call else None}
        )
        for country in countries:
            TerritoryRegion.objects.get_or_create(
                country=country, region="", defaults={"territory": territory}
            )
        for username in sdrs:
            TerritoryMember.objects.get_or_create(territory=territory, sdr=users[username])
