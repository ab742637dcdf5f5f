import pytest

from planetcampus.aaa.macs import InvalidMac, is_randomised, normalise_mac, split_station_id, try_normalise_mac


@pytest.mark.parametrize("text", [
    "AA-BB-CC-DD-EE-FF", "aa:bb:cc:dd:ee:ff", "aabb.ccdd.eeff", "AABBCCDDEEFF", "aabb-ccdd-eeff",
    " Aa:bB:cC:dD:eE:fF ", "AA-BB-CC-DD-EE-FF:PlanetCampus", "aabbccddeeff:Residence Wifi",
])
def test_every_common_form_gives_the_colon_form(text):
    assert normalise_mac(text) == "aa:bb:cc:dd:ee:ff"


def test_called_station_id_keeps_the_ssid_apart():
    assert split_station_id("AA-BB-CC-DD-EE-FF:PlanetCampus-Prive") == ("aa:bb:cc:dd:ee:ff", "PlanetCampus-Prive")
    assert split_station_id("AA-BB-CC-DD-EE-FF") == ("aa:bb:cc:dd:ee:ff", "")


def test_cisco_ap_name_before_the_ssid_has_no_mac():
    assert split_station_id("ap-hall-2:PlanetCampus") == (None, "PlanetCampus")


@pytest.mark.parametrize("text", ["", "aa:bb:cc", "gg:bb:cc:dd:ee:ff", "student@etu.fr", "AABBCCDDEEF"])
def test_text_that_is_no_mac_is_refused_with_its_value(text):
    with pytest.raises(InvalidMac, match="not a MAC"):
        normalise_mac(text)
    assert try_normalise_mac(text) is None


def test_the_deck_example_is_a_randomised_address():
    assert is_randomised("0E:23:45:6A:02:0E")
    assert not is_randomised("00-23-45-6A-02-0E")
