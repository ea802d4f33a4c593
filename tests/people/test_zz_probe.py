from tests.conftest import ClientFactory

def test_probe(client_as: ClientFactory) -> None:
    c = client_as("office")
    for q in ["?role=lead", "?role=co", "?action=0", "?action=99", "?department=nope"]:
        r = c.get("/api/v1/tasks" + q); print(q, r.status_code, len(r.json()) if r.status_code==200 else r.content[:200])
    for u in ["eco", "fengjing", "enterprise", "leader"]:
        r = client_as(u).get("/plan/departments/"); print(u, "deplist", r.status_code)
        r = client_as(u).get("/"); print(u, "home", r.status_code)
        r = client_as(u).get("/indicators/"); print(u, "ind", r.status_code)
    r = client_as("fengjing").get("/plan/tasks/?department=towns"); print(r.status_code, [t.number for t in r.context["tasks"]])
    r = client_as("eco").get("/plan/tasks/?department=greening"); print(r.status_code, [t.number for t in r.context["tasks"]])
    r = client_as("eco").get("/plan/departments/eco/"); print([t.number for t in r.context["leads"]], [t.number for t in r.context["supports"]])
    r = client_as("enterprise").get("/api/v1/tasks/999"); print("ent 999", r.status_code)
    r = client_as(None).get("/api/v1/docs"); print("docs", r.status_code)
    r = client_as("eco").get("/api/v1/departments/towns"); print("eco towns", r.status_code)
    r = client_as("en", ) if False else None
