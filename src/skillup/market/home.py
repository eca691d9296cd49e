from skillup.market import home_groups


def todo(user) -> list:
    return home_groups.todo(user)
