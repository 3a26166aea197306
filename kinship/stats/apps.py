from django.apps import AppConfig


class StatsConfig(AppConfig):
    name = "kinship.stats"
    label = "stats"
    verbose_name = "Statistics and maps"

    def ready(self) -> None:
        from kinship.core.pagecache import register_source
        from kinship.stats.models import AreaOverlap, BoundaryShape, Dataset, DatasetValue, HexCell

        # Area pages are made again when a dataset is published, changed or withdrawn. The live
        # layers' snapshots are not here: they change every few minutes and pages are only
        # seconds old anyway.
        register_source("stats", Dataset, DatasetValue, AreaOverlap, HexCell, BoundaryShape)
