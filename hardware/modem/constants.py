"""AT-command protocol constants, named after the specs that define them.

- ITU-T V.250 (ex V.25ter) §5.7: result codes in verbose form (ATV1), which we use.
- 3GPP TS 27.007 §9.2: +CME ERROR; TS 27.005 §3.2.5: +CMS ERROR.
- TS 27.007 §7.18: +CLCC, the list of current calls.
- TS 27.007 §7.2 / §10.1.22: +CREG / +CEREG network registration status.
- TS 27.007 §8.5: +CSQ signal quality.
"""

from __future__ import annotations

from enum import IntEnum

EOL = b"\r\n"     # V.250 §5.7.1: responses are framed by <CR><LF> (S3, S4)
CR = b"\r"        # V.250 §5.2.1: a command line ends with S3 = <CR>

# V.250 §5.7.1 table 1: the final result codes (verbose).
OK = "OK"
ERROR = "ERROR"
CONNECT = "CONNECT"
RING = "RING"
NO_CARRIER = "NO CARRIER"
NO_DIALTONE = "NO DIALTONE"
BUSY = "BUSY"
NO_ANSWER = "NO ANSWER"
# TS 27.007 §9.2.1 and TS 27.005 §3.2.5: errors that end a command like ERROR does.
CME_ERROR = "+CME ERROR:"
CMS_ERROR = "+CMS ERROR:"

# Final result codes of any command.
COMMAND_FINALS: tuple[str, ...] = (OK, ERROR)
ERROR_PREFIXES: tuple[str, ...] = (CME_ERROR, CMS_ERROR)
# V.250 §6.3.1: a dial command may also end with these instead of OK.
CALL_PROGRESS: tuple[str, ...] = (NO_CARRIER, BUSY, NO_ANSWER, NO_DIALTONE, CONNECT)

# Unsolicited result codes we act on (TS 27.007 §7.18 for +CLCC, §7.2 +CREG,
# §10.1.22 +CEREG, §6.8 "RING"/+CRING for an incoming call).
CLCC = "+CLCC:"
CREG = "+CREG:"
CEREG = "+CEREG:"
CRING = "+CRING:"
CPIN = "+CPIN:"
CSQ = "+CSQ:"
UNSOLICITED_PREFIXES: tuple[str, ...] = (CLCC, CREG, CEREG, CRING)
UNSOLICITED_CODES: tuple[str, ...] = (RING, NO_CARRIER, BUSY, NO_ANSWER, NO_DIALTONE)

# What a modem says when it (re)starts: a reboot mid-call drops the call and undoes our
# initialisation (echo back on, no unsolicited +CLCC). Vendor start-up codes: Quectel
# EC2x and SIMCom SIM7600 both send "RDY" when the AT port is up, then "+CFUN: 1",
# "+CPIN: READY" (TS 27.007 §8.3 unsolicited), "SMS DONE"/"PB DONE" (SIMCom) or
# "+QIND: SMS DONE"/"+QIND: PB DONE" and "+QUSIM: 1" (Quectel).
RDY = "RDY"
CPIN_READY = "+CPIN: READY"
RESET_CODES: tuple[str, ...] = (RDY, CPIN_READY)
START_UP_CHATTER: tuple[str, ...] = ("+CFUN:", "SMS DONE", "PB DONE", "+QIND:", "+QUSIM:")


class ClccStat(IntEnum):
    """TS 27.007 §7.18 +CLCC <stat>: the state of one call."""

    ACTIVE = 0
    HELD = 1
    DIALING = 2     # MO call: dialling
    ALERTING = 3    # MO call: ringing at the far end
    INCOMING = 4    # MT call
    WAITING = 5     # MT call waiting


class ClccDir(IntEnum):
    """TS 27.007 §7.18 +CLCC <dir>."""

    MOBILE_ORIGINATED = 0
    MOBILE_TERMINATED = 1


class ClccMode(IntEnum):
    """TS 27.007 §7.18 +CLCC <mode> (the bearer); we only place voice calls."""

    VOICE = 0
    DATA = 1
    FAX = 2


class RegStat(IntEnum):
    """TS 27.007 §7.2 +CREG <stat> (also +CEREG §10.1.22, +CGREG §10.1.20)."""

    NOT_SEARCHING = 0
    HOME = 1
    SEARCHING = 2
    DENIED = 3
    UNKNOWN = 4
    ROAMING = 5

    @property
    def registered(self) -> bool:
        return self in (RegStat.HOME, RegStat.ROAMING)

    @property
    def words(self) -> str:
        return {0: "not registered", 1: "registered (home)", 2: "searching for a network",
                3: "registration denied", 4: "registration unknown",
                5: "registered (roaming)"}[int(self)]


# TS 27.007 §9.2.1: +CME ERROR codes that mean "no usable network" (numeric, AT+CMEE=1)
# and their verbose texts (AT+CMEE=2). 10-13 are SIM problems.
CME_NO_NETWORK_CODES = frozenset({30, 31, 32})
CME_NO_NETWORK_TEXTS = ("no network service", "network timeout",
                        "network not allowed - emergency calls only")
CME_SIM_MISSING_CODES = frozenset({10})
CME_SIM_MISSING_TEXTS = ("sim not inserted",)

# TS 27.007 §8.5 +CSQ <rssi>: 0 = -113 dBm or less, 31 = -51 dBm or more, 99 unknown.
CSQ_UNKNOWN = 99


def csq_to_dbm(rssi: int) -> int | None:
    """Received signal strength in dBm from a +CSQ <rssi> (2 dB steps from -113)."""
    if rssi == CSQ_UNKNOWN or not 0 <= rssi <= 31:
        return None
    return -113 + 2 * rssi
