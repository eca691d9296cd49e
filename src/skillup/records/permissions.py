from skillup.records.permissions_credentials import *  # noqa
