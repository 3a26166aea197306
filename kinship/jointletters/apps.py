from django.apps import AppConfig


class JointLettersConfig(AppConfig):
    name = "kinship.jointletters"
    label = "jointletters"
    verbose_name = "Joint letters and children's drawings"

    def ready(self) -> None:
        from kinship.core import rights
        from kinship.jointletters import letters, services
        from kinship.messaging import attachments

        rights.register("child_drawings", export=services.drawings_export, erase=services.drawings_erase)
        rights.register("joint_letters", export=letters.letters_export, erase=letters.letters_erase)
        # A child's letter or drawing travels with the carer's email to the representative.
        attachments.register(services.drawing_attachments, prefetch=services.drawings_prefetch)
