"""`oko check-plugin`: a plugin checked as the core uses it, every problem named by plugin, hook and item."""
from core.cli import main


def test_krasnoyarsk_passes_every_check_and_the_report_says_what_was_checked(capsys):
    assert main(["check-plugin", "krasnoyarsk"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Проверка плагина «krasnoyarsk» 1.0 (Красноярский край); регионы: 24; проверяются: 24")
    for line in ("  ✓ регион 24, форма «anti_risk_programme»: goals, tasks, measures, expected_results, parent_community",
                 "  ✓ regulation_attestation_commission (федеральный): docs_templates/regulation_attestation_commission.docx",
                 "  ✓ регион 24: заданий плагина 7",
                 "  ✓ регион 24: документ школы отправлен и подтверждён (oko_on_transition): состояние «confirmed»",
                 "  ✓ приложение запущено"):
        assert line in out.splitlines()
    assert out.rstrip().endswith("Ошибок не найдено.")


def test_a_plugin_with_a_malformed_answer_fails_the_check_naming_plugin_hook_and_item(capsys):
    assert main(["check-plugin", "chelyabinsk", "--module", "tests.plugins.broken_answer_plugin", "--no-app"]) == 1
    out = capsys.readouterr().out
    assert ("  ✗ Плагин «chelyabinsk», хук «oko_risk_factors» (регион 74), пункт «mining_towns»: нет ключа «title»"
            in out.splitlines())
    assert out.rstrip().splitlines()[-1].startswith("Найдено ошибок: ")


def test_a_plugin_not_installed_is_named_with_those_that_are(capsys):
    assert main(["check-plugin", "tver"]) == 2
    err = capsys.readouterr().err
    assert "Плагин «tver» не установлен" in err and "krasnoyarsk" in err and "--module" in err
