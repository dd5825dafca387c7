"""Drives `cloudflare mcp` with the official MCP Python SDK, as an agent's client does.

Reads a JSON plan on standard input: {"command": ..., "sessions": [{"args": [...], "env": {...},
"steps": [{"tool": ..., "arguments": {...}}]}]}. Each session starts the server, initializes,
lists the tools and calls each step's tool. Writes one JSON document on standard output:
{"sessions": [{"server": ..., "tools": [...], "results": [{"text": ..., "is_error": ...}]}]}.
"""

import asyncio
import json
import sys

from mcp import ClientSession, StdioServerParameters
from mcp.client.stdio import stdio_client


async def run_session(command, session):
    params = StdioServerParameters(command=command, args=session["args"], env=session["env"])
    with open(session["stderr"], "w") as errlog:
        async with stdio_client(params, errlog=errlog) as (read, write):
            async with ClientSession(read, write) as client:
                initialized = await client.initialize()
                tools = await client.list_tools()
                results = []
                for step in session["steps"]:
                    result = await client.call_tool(step["tool"], step["arguments"])
                    text = "".join(block.text for block in result.content if getattr(block, "type", None) == "text")
                    results.append({"text": text, "is_error": bool(result.is_error)})
                return {
                    "server": initialized.server_info.name,
                    "tools": [tool.name for tool in tools.tools],
                    "results": results,
                }


async def main():
    plan = json.load(sys.stdin)
    sessions = [await run_session(plan["command"], session) for session in plan["sessions"]]
    json.dump({"sessions": sessions}, sys.stdout)


asyncio.run(main())
