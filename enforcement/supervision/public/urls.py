app_name = "public_spot_checks"

urlpatterns = []
