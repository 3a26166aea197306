from django.apps import AppConfig


class SupportersConfig(AppConfig):
    name = "kinship.supporters"
    label = "supporters"

    def ready(self) -> None:
        from kinship.core import rights
        from kinship.supporters import champions

        rights.register("champions", export=champions.champions_export, erase=champions.champions_erase)
