"""Local campaigns' public pages: the guided steps (`guide`) and the journey log (`journey`)."""
