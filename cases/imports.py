"""Registers the branch centre's Excel imports of historical cases with the import kernel
(casemgmt.imports): assistance requests, mediation cases, arbitration/litigation referrals."""

from .services import arbitration_import, imports, mediation_import  # noqa: F401
