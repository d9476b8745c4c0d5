"""The web original's search, on FastAPI and uvicorn, for `scripts/bench
http` to measure beside mojifinder: an inverted index of the words of every
character name (Python's own unicodedata), and GET /search?q= answering a
JSON array of {"char", "name"} in code point order.

    python3 -m uvicorn --app-dir bench/http fastapi_app:app --port 8000
"""
import re
import sys
from unicodedata import name

from fastapi import FastAPI
from pydantic import BaseModel

WORD = re.compile(r"\w+")

index: dict[str, set[str]] = {}
for code in range(32, sys.maxunicode + 1):
    char = chr(code)
    for word in WORD.findall(name(char, "").upper()):
        index.setdefault(word, set()).add(char)

app = FastAPI(title="Mojifinder")


class CharName(BaseModel):
    char: str
    name: str


@app.get("/search", response_model=list[CharName])
async def search(q: str):
    words = WORD.findall(q.upper())
    found = set.intersection(*(index.get(w, set()) for w in words)) if words else set()
    return ({"char": c, "name": name(c)} for c in sorted(found))
