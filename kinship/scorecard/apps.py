from django.apps import AppConfig


class ScorecardConfig(AppConfig):
    name = "kinship.scorecard"
    label = "scorecard"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from kinship.core.pagecache import register_source
        from kinship.scorecard.models import Answer, Assessment, CouncilReply
        from kinship.scorecard.permissions import ensure_scorecard_groups

        # A council's area page shows its published scorecard.
        register_source("scorecard", Assessment, Answer, CouncilReply)

        # The assessors' and managers' groups, kept in step with the models after every migrate.
        post_migrate.connect(ensure_scorecard_groups, sender=self, dispatch_uid="scorecard-groups")
