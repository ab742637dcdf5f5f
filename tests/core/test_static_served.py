import urllib.request


def test_live_server_serves_stylesheet(live_server):
    with urllib.request.urlopen(f"{live_server.url}/static/planetcampus/app.css") as response:
        assert response.status == 200
        assert b"--brand" in response.read()
