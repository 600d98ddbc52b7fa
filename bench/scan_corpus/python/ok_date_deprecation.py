import datetime
import logging
import warnings

log = logging.getLogger(__name__)
SUNSET = datetime.date(2026, 12, 31)


def legacy_endpoint_called(client_id: str) -> None:
    today = datetime.date.today()
    if today >= SUNSET:
        log.warning("client %s still uses /v1 after its sunset date", client_id)
    else:
        warnings.warn(f"/v1 is deprecated and goes away on {SUNSET:%Y-%m-%d}", DeprecationWarning, stacklevel=2)
