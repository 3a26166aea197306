"""Local development and `make demo`: SQLite, captured mail, debug on."""

from config.env import env_bool
from config.settings.base import *  # noqa: F403

DEBUG = env_bool("DJANGO_DEBUG", True)
KINSHIP_DEV_MAIL_VIEW = True
KINSHIP_MAIL_MODE = "capture"  # never deliver to real people from the demo
KINSHIP_DEMO = True  # load_demo may run here with its published staff password
