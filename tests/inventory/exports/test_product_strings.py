"""Programs and Features names from real Windows machines: what must be recognised, and the
components installed beside a product that must not be judged as the product itself."""

from __future__ import annotations

import pytest

from tests.inventory.exports.helpers import scan, verdicts


@pytest.fixture(scope="module")
def lookalikes() -> dict[str, tuple[str | None, str | None, str]]:
    return {n: v for (_, n), v in verdicts(scan("programs-lookalikes.yaml")).items()}


@pytest.fixture(scope="module")
def real_names() -> dict[str, tuple[str | None, str | None, str]]:
    return {n: v for (_, n), v in verdicts(scan("programs-real-names.yaml")).items()}


@pytest.mark.parametrize(
    "name",
    [
        "Microsoft SQL Server 2012 Management Objects  (x64)",
        "Microsoft SQL Server 2014 Transact-SQL ScriptDom",
        "Microsoft SQL Server 2016 T-SQL Language Service",
        "Microsoft SQL Server 2008 Setup Support Files",
        "Microsoft SQL Server 2017 Policies",
        "Microsoft SQL Server 2019 RsFx Driver",
        "Microsoft SQL Server 2019 Setup (English)",
        "SQL Server 2019 Common Files",
        "SQL Server Browser for SQL Server 2019",
        "Microsoft System CLR Types for SQL Server 2012 (x64)",
        "Microsoft VSS Writer for SQL Server 2019",
        "Microsoft ODBC Driver 17 for SQL Server",
        "Microsoft ASP.NET Core 6.0.36 Targeting Pack (x64)",
        "Microsoft Windows Desktop Targeting Pack - 6.0.36 (x64)",
        "Microsoft .NET AppHost Pack - 6.0.36 (x64)",
        "Windows 10 Update Assistant",
        "PostgreSQL 12 ODBC Driver",
        "MySQL Connector/ODBC 8.0",
    ],
)
def test_components_beside_a_product_are_not_the_product(
    lookalikes: dict[str, tuple[str | None, str | None, str]], name: str
) -> None:
    assert lookalikes[name] == (None, None, "unknown")


def test_the_engines_beside_those_components_are_still_recognised(
    lookalikes: dict[str, tuple[str | None, str | None, str]],
) -> None:
    assert lookalikes["Microsoft SQL Server 2019 (64-bit)"] == ("mssqlserver", "15.0", "supported")
    assert lookalikes["SQL Server 2016 Database Engine Shared"][:2] == ("mssqlserver", "13.0-sp2")
    assert lookalikes["Microsoft SQL Server 2005 Express Edition (SQLEXPRESS)"][2] == "eol"
    assert lookalikes["MySQL Server 8.0"] == ("mysql", "8.0", "eol")


@pytest.mark.parametrize(
    ("name", "verdict"),
    [
        ("RabbitMQ Server 3.9.29", ("rabbitmq", "3.9", "eol")),
        ("Microsoft Internet Explorer 8", ("internet-explorer", "8", "eol")),
        ("Microsoft Exchange Server 2016 Cumulative Update 23", ("msexchange", "2016", "eol")),
        ("Microsoft SQL Server 2008 R2 (64-bit)", ("mssqlserver", "10.50-sp3", "eol")),
        ("Microsoft Office Home and Business 2019 - de-de", ("office", "2019", "eol")),
        ("Microsoft .NET Core Runtime - 3.1.32 (x64)", ("dotnet", "3.1", "eol")),
        ("Python 3.12.7 (64-bit)", ("python", "3.12", "supported")),
        ("Java(TM) 6 Update 45", ("oracle-jdk", "6", "eol")),
        ("Amazon Corretto 11.0.21.9.1 (x64)", ("amazon-corretto", "11", "supported")),
        ("Apache Tomcat 8.5 Tomcat8 (remove only)", ("tomcat", "8.5", "eol")),
        ("MongoDB 4.4.26 2008R2Plus SSL (64 bit)", ("mongodb", "4.4", "eol")),
        ("Win64 OpenSSL v3.0.12", ("openssl", "3.0", "eol")),
        ("Erlang OTP 24 (12.3.2.15)", ("erlang", "24", "eol")),
        ("PowerShell 7.4.6.0-x64", ("powershell", "7.4", "eol")),
    ],
)
def test_real_programs_and_features_names(
    real_names: dict[str, tuple[str | None, str | None, str]],
    name: str,
    verdict: tuple[str, str, str],
) -> None:
    assert real_names[name] == verdict
