"""The named cast of the tests (users created once per session by conftest)."""

PASSWORD = "correct horse battery"
CAST = {
    "admin": ("admin@test.gt", "admin", None),
    "analyst": ("analista@test.gt", "analyst", None),
    "minfin": ("minfin@test.gt", "focal_point", "MINFIN"),
    "sat": ("sat@test.gt", "focal_point", "SAT"),
    "reviewer": ("revisor@test.gt", "reviewer", None),
    # Members of two civil-society organisations (the third item names the organisation).
    "civic": ("accion@test.gt", "civil_society", "Acción Ciudadana"),
    "civic2": ("red@test.gt", "civil_society", "Red Ciudadana"),
}
