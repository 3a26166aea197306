from django.apps import AppConfig


class ScorecardConfig(AppConfig):
    name = "kinship.scorecard"
    label = "scorecard"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from kinship.scorecard.permissions import ensure_scorecard_groups

        # The assessors' and managers' groups, kept in step with the models after every migrate.
        post_migrate.connect(ensure_scorecard_groups, sender=self, dispatch_uid="scorecard-groups")
