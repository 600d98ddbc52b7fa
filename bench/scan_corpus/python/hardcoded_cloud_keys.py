"""Nightly export of the analytics tables to S3."""
import boto3
import stripe

AWS_ACCESS_KEY_ID = "AKIASJ7I2XXOGESGGMK7"
AWS_SECRET_ACCESS_KEY = "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"
stripe.api_key = "sk_live_lu0yqnlA1o7KvexovKTZR74q"

s3 = boto3.client(
    "s3",
    aws_access_key_id=AWS_ACCESS_KEY_ID,
    aws_secret_access_key=AWS_SECRET_ACCESS_KEY,
    region_name="eu-west-1",
)


def upload(path: str, key: str) -> None:
    s3.upload_file(path, "acme-analytics-exports", key)
