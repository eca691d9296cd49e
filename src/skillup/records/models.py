from skillup.records.models_credentials import *  # noqa
