from casemgmt.org.models import Role
from casemgmt.workflow.permissions import Allow

# The receiving enforcement bureau acknowledges (and turns the referral into a clue) or returns it.
receiving_bureau = Allow(Role.OFFICER, Role.AGENCY_HEAD)
