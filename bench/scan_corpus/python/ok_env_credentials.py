"""Settings come from the environment; nothing secret is in the source."""
import os

import boto3

AWS_REGION = os.environ.get("AWS_REGION", "eu-west-1")
DATABASE_URL = os.environ["DATABASE_URL"]
STRIPE_API_KEY = os.getenv("STRIPE_API_KEY")
PASSWORD_MIN_LENGTH = 12
TOKEN_HEADER = "X-Api-Key"


def s3_client():
    # boto3 reads AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY or the instance role.
    return boto3.client("s3", region_name=AWS_REGION)
