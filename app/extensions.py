"""Extension objects, created unbound here and bound to an app in create_app()."""

from typing import TYPE_CHECKING

from flask import Flask
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import MetaData
from sqlalchemy.orm import DeclarativeBase


class Base(DeclarativeBase):
    """Declarative base with named constraints, so migrations are stable on every backend."""

    metadata = MetaData(
        naming_convention={
            "ix": "ix_%(column_0_label)s",
            "uq": "uq_%(table_name)s_%(column_0_name)s",
            "ck": "ck_%(table_name)s_%(constraint_name)s",
            "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
            "pk": "pk_%(table_name)s",
        }
    )


db = SQLAlchemy(model_class=Base)

# The tables' base class. Flask-SQLAlchemy builds db.Model at run time, mixing its bind-key
# and table-name helpers into Base; mypy cannot subclass a value, so it is shown Base itself.
if TYPE_CHECKING:
    Model = Base
else:
    Model = db.Model
migrate = Migrate(compare_type=True, render_as_batch=True)

# Imported after db so flask-smorest's import-time work never touches the models.
from flask_limiter import Limiter  # noqa: E402
from flask_limiter.util import get_remote_address  # noqa: E402
from flask_login import LoginManager  # noqa: E402
from flask_smorest import Api  # noqa: E402
from flask_wtf.csrf import CSRFProtect  # noqa: E402


class RegistryLimiter(Limiter):
    """flask-limiter's Limiter, safe to bind to one app after another in one process.

    With RATELIMIT_IN_MEMORY_FALLBACK_ENABLED the limiter counts in memory once its Redis
    stops answering, and goes back to Redis when it answers again. It keeps "the storage
    is dead" on the one shared instance, so a new app (tests build many) starts afresh.
    """

    def init_app(self, app: Flask) -> None:
        """Bind to `app`, forgetting any earlier app's dead storage."""
        self._storage_dead = False
        super().init_app(app)


api = Api()
csrf = CSRFProtect()
login_manager = LoginManager()
# Storage is chosen in create_app: Redis when REGISTRY_REDIS_URL is set, memory otherwise.
limiter = RegistryLimiter(key_func=get_remote_address, default_limits=[])
