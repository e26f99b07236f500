"""pydantic models of every input and output; APIFlask turns them into /openapi.json."""
