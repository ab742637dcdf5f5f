import pytest
from django.core.exceptions import ValidationError

from planetcampus.estate.models import Nas


def test_nas_identifier_with_space_rejected(estate):
    nas = Nas(residence=estate["lyon_a"], identifier="AP Hall B", ip_address="127.0.0.9", vendor="hostapd",
              secret_ref="ap-hall-b")

    with pytest.raises(ValidationError) as failure:
        nas.full_clean()

    assert "identifier" in failure.value.message_dict
