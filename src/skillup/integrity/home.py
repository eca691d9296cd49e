from skillup.integrity import home_spot


def todo(user) -> list:
    return [*home_spot.todo(user)]
