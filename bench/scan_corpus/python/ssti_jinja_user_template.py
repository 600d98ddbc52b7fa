"""Customers can customise their invoice e-mail."""
import jinja2

from .store import load_customer, load_invoice


def render_invoice_email(customer_id: int, invoice_id: int) -> str:
    customer = load_customer(customer_id)
    invoice = load_invoice(invoice_id)
    template = jinja2.Template(customer.email_template)
    return template.render(customer=customer, invoice=invoice)
