

def test_a_long_provision_text_is_read_for_alerts_up_to_its_bound():
    from ehcpdocs.amend.alerts import MAX_READ_CHARS, ProvisionChange, alerts_for

    filler = " and further detail" * (MAX_READ_CHARS // 10)
    cut = alerts_for(ProvisionChange("F", "changed", "5 hours weekly" + filler, "2 hours weekly" + filler))
    assert [alert["kind"] for alert in cut] == ["hours_reduced"]
    beyond = alerts_for(ProvisionChange("F", "changed", filler + " 5 hours", filler + " 2 hours"))
    assert beyond == [], "amounts past the bound are not read"
