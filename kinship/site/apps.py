from django.apps import AppConfig


class SiteConfig(AppConfig):
    """The public top floor: pages that show more than one app's data, the site chrome and the
    whole-site loaders. It owns no models and no rules (docs/ARCHITECTURE.md, "Floors")."""

    name = "kinship.site"
    label = "site"
    verbose_name = "Site"
