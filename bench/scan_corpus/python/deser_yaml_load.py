import yaml


def load_pipeline(path):
    with open(path) as fh:
        return yaml.load(fh, Loader=yaml.Loader)


def load_job(text):
    return yaml.unsafe_load(text)


def load_defaults(text):
    return yaml.load(text)
