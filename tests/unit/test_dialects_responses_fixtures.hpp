// Request bodies real clients sent to /v1/responses, captured 2026-12-04 (Codex CLI 0.171.0,
// ai 6.0.333 + @ai-sdk/openai 3.0.141, @langchain/openai 1.5.8, openai 6.49.0). Strings longer
// than 120 characters are cut (the system prompts) and Codex's client_metadata is left out;
// nothing else was changed.
#pragma once

namespace responses_fixtures {

inline const char* const k_codex_responses = R"json({
 "model": "mock/echo",
 "stream": true,
 "input": [
  {
   "type": "message",
   "id": "msg_75db306f-664e-594e-bca7-10f132835bfe",
   "role": "developer",
   "content": [
    {
     "type": "input_text",
     "text": "You are a coding agent running in the Codex CLI, a terminal-based coding assistant. Codex CLI is an open source project …"
    }
   ]
  },
  {
   "type": "message",
   "id": "msg_01a2424b-1043-7bf1-ad1c-ac8ec1996dbb",
   "role": "developer",
   "content": [
    {
     "type": "input_text",
     "text": "<skills_instructions>\n## Skills\nA skill is a set of local instructions to follow that is stored in a `SKILL.md` file. Be…"
    },
    {
     "type": "input_text",
     "text": "<permissions instructions>\nFilesystem sandboxing defines which files can be read or written. `sandbox_mode` is `read-onl…"
    }
   ]
  },
  {
   "type": "message",
   "id": "msg_01a2424b-1043-7bf1-ad1c-ac98027e88d5",
   "role": "user",
   "content": [
    {
     "type": "input_text",
     "text": "<environment_context>\n  <cwd>/tmp/cap/proj</cwd>\n  <shell>bash</shell>\n  <current_date>2026-12-04</current_date>\n  <time…"
    }
   ]
  },
  {
   "type": "message",
   "id": "msg_01a2424b-1058-7533-9695-122c7be7f8e8",
   "role": "user",
   "content": [
    {
     "type": "input_text",
     "text": "say hi"
    }
   ]
  }
 ],
 "tools": [
  {
   "type": "function",
   "name": "exec_command",
   "description": "Runs a command in a PTY, returning output or a session ID for ongoing interaction.",
   "strict": false,
   "parameters": {
    "type": "object",
    "properties": {
     "cmd": {
      "type": "string",
      "description": "Shell command to execute."
     },
     "justification": {
      "type": "string",
      "description": "User-facing approval question for `require_escalated`; omit otherwise."
     },
     "login": {
      "type": "boolean",
      "description": "Request login-shell startup. Omit to inherit."
     },
     "max_output_tokens": {
      "type": "number",
      "description": "Output token budget. Defaults to 10000 tokens; larger requests may be capped by policy."
     },
     "prefix_rule": {
      "type": "array",
      "description": "Reusable approval prefix for `cmd`, only with `sandbox_permissions: \"require_escalated\"`; for example [\"git\", \"pull\"].",
      "items": {
       "type": "string"
      }
     },
     "sandbox_permissions": {
      "type": "string",
      "description": "Per-command sandbox override. Defaults to `use_default`; use `require_escalated` for unsandboxed execution.",
      "enum": [
       "use_default",
       "require_escalated"
      ]
     },
     "shell": {
      "type": "string",
      "description": "Shell binary to launch. Defaults to the user's default shell."
     },
     "tty": {
      "type": "boolean",
      "description": "True allocates a PTY for the command; false or omitted uses plain pipes."
     },
     "workdir": {
      "type": "string",
      "description": "Working directory for the command. Defaults to the turn cwd."
     },
     "yield_time_ms": {
      "type": "number",
      "description": "Wait before yielding output. Defaults to 10000 ms; effective range is 250-30000 ms."
     }
    },
    "required": [
     "cmd"
    ],
    "additionalProperties": false
   }
  },
  {
   "type": "function",
   "name": "write_stdin",
   "description": "Writes characters to an existing unified exec session and returns recent output.",
   "strict": false,
   "parameters": {
    "type": "object",
    "properties": {
     "chars": {
      "type": "string",
      "description": "Bytes to write to stdin. Defaults to empty, which polls without writing."
     },
     "max_output_tokens": {
      "type": "number",
      "description": "Output token budget. Defaults to 10000 tokens; larger requests may be capped by policy."
     },
     "session_id": {
      "type": "number",
      "description": "Identifier of the running unified exec session."
     },
     "yield_time_ms": {
      "type": "number",
      "description": "Wait before yielding output. Non-empty writes default to 250 ms and cap at 30000 ms; empty polls wait 5000-300000 ms by …"
     }
    },
    "required": [
     "session_id"
    ],
    "additionalProperties": false
   }
  },
  {
   "type": "function",
   "name": "request_user_input",
   "description": "Request user input for one to three short questions and wait for the response. This tool is only available in Plan mode.",
   "strict": false,
   "parameters": {
    "type": "object",
    "properties": {
     "questions": {
      "type": "array",
      "description": "Questions to show the user. Prefer 1 and do not exceed 3",
      "items": {
       "type": "object",
       "properties": {
        "header": {
         "type": "string",
         "description": "Short header label shown in the UI (12 or fewer chars)."
        },
        "id": {
         "type": "string",
         "description": "Stable identifier for mapping answers (snake_case)."
        },
        "options": {
         "type": "array",
         "description": "Provide 2-3 mutually exclusive choices. Put the recommended option first and suffix its label with \"(Recommended)\". Do n…",
         "items": {
          "type": "object",
          "properties": {
           "description": {
            "type": "string",
            "description": "One short sentence explaining impact/tradeoff if selected."
           },
           "label": {
            "type": "string",
            "description": "User-facing label (1-5 words)."
           }
          },
          "required": [
           "label",
           "description"
          ],
          "additionalProperties": false
         }
        },
        "question": {
         "type": "string",
         "description": "Single-sentence prompt shown to the user."
        }
       },
       "required": [
        "id",
        "header",
        "question",
        "options"
       ],
       "additionalProperties": false
      }
     }
    },
    "required": [
     "questions"
    ],
    "additionalProperties": false
   }
  },
  {
   "type": "function",
   "name": "view_image",
   "description": "View a local image file from the filesystem when visual inspection is needed. Use this for images already available on d…",
   "strict": false,
   "parameters": {
    "type": "object",
    "properties": {
     "path": {
      "type": "string",
      "description": "Local filesystem path to an image file."
     }
    },
    "required": [
     "path"
    ],
    "additionalProperties": false
   }
  },
  {
   "type": "namespace",
   "name": "multi_agent_v1",
   "description": "Tools for spawning and managing sub-agents.",
   "tools": [
    {
     "type": "function",
     "name": "close_agent",
     "description": "Close an agent and any open descendants when they are no longer needed, and return the target agent's previous status be…",
     "strict": false,
     "parameters": {
      "type": "object",
      "properties": {
       "target": {
        "type": "string",
        "description": "Agent id to close (from spawn_agent)."
       }
      },
      "required": [
       "target"
      ],
      "additionalProperties": false
     }
    },
    {
     "type": "function",
     "name": "resume_agent",
     "description": "Resume a previously closed agent by id so it can receive send_input and wait_agent calls.",
     "strict": false,
     "parameters": {
      "type": "object",
      "properties": {
       "id": {
        "type": "string",
        "description": "Agent id to resume."
       }
      },
      "required": [
       "id"
      ],
      "additionalProperties": false
     }
    },
    {
     "type": "function",
     "name": "send_input",
     "description": "Send a message to an existing agent. Use interrupt=true to redirect work immediately. You should reuse the agent by send…",
     "strict": false,
     "parameters": {
      "type": "object",
      "properties": {
       "interrupt": {
        "type": "boolean",
        "description": "True interrupts the current task and handles this message immediately; false or omitted queues it."
       },
       "items": {
        "type": "array",
        "description": "Structured input items. Use this to pass explicit mentions (for example app:// connector paths).",
        "items": {
         "type": "object",
         "properties": {
          "audio_url": {
           "type": "string",
           "description": "Audio data URL when type is audio."
          },
          "image_url": {
           "type": "string",
           "description": "Image URL when type is image."
          },
          "name": {
           "type": "string",
           "description": "Display name when type is skill or mention."
          },
          "path": {
           "type": "string",
           "description": "Path when type is local_image/local_audio/skill, or structured mention target such as app://<connector-id> or plugin://<…"
          },
          "text": {
           "type": "string",
           "description": "Text content when type is text."
          },
          "type": {
           "type": "string",
           "description": "Input item type: text, image, local_image, audio, local_audio, skill, or mention."
          }
         },
         "additionalProperties": false
        }
       },
       "message": {
        "type": "string",
        "description": "Legacy plain-text message to send to the agent. Use either message or items."
       },
       "target": {
        "type": "string",
        "description": "Agent id to message (from spawn_agent)."
       }
      },
      "required": [
       "target"
      ],
      "additionalProperties": false
     }
    },
    {
     "type": "function",
     "name": "spawn_agent",
     "description": "\n        \n        Available model overrides (optional; inherited parent model is preferred):\n- `gpt-6.2-sol`: Fast, go-t…",
     "strict": false,
     "parameters": {
      "type": "object",
      "properties": {
       "fork_context": {
        "type": "boolean",
        "description": "True forks the current thread history into the new agent; false or omitted starts with only the initial prompt."
       },
       "items": {
        "type": "array",
        "description": "Structured input items. Use this to pass explicit mentions (for example app:// connector paths).",
        "items": {
         "type": "object",
         "properties": {
          "audio_url": {
           "type": "string",
           "description": "Audio data URL when type is audio."
          },
          "image_url": {
           "type": "string",
           "description": "Image URL when type is image."
          },
          "name": {
           "type": "string",
           "description": "Display name when type is skill or mention."
          },
          "path": {
           "type": "string",
           "description": "Path when type is local_image/local_audio/skill, or structured mention target such as app://<connector-id> or plugin://<…"
          },
          "text": {
           "type": "string",
           "description": "Text content when type is text."
          },
          "type": {
           "type": "string",
           "description": "Input item type: text, image, local_image, audio, local_audio, skill, or mention."
          }
         },
         "additionalProperties": false
        }
       },
       "message": {
        "type": "string",
        "description": "Initial plain-text task for the new agent. Use either message or items."
       },
       "model": {
        "type": "string",
        "description": "Model override for the new agent. Omit unless an explicit override is needed."
       },
       "reasoning_effort": {
        "type": "string",
        "description": "Reasoning effort override for the new agent. Omit to inherit the parent effort."
       }
      },
      "additionalProperties": false
     }
    },
    {
     "type": "function",
     "name": "wait_agent",
     "description": "Wait for agents to reach a final status. Completed statuses may include the agent's final message. Returns empty status …",
     "strict": false,
     "parameters": {
      "type": "object",
      "properties": {
       "targets": {
        "type": "array",
        "description": "Agent ids to wait on. Pass multiple ids to wait for whichever finishes first.",
        "items": {
         "type": "string"
        }
       },
       "timeout_ms": {
        "type": "number",
        "description": "Timeout in milliseconds. Defaults to 30000, min 10000, max 3600000. Prefer longer waits (minutes) to avoid busy polling."
       }
      },
      "required": [
       "targets"
      ],
      "additionalProperties": false
     }
    }
   ]
  },
  {
   "type": "function",
   "name": "get_goal",
   "description": "Get the current goal for this thread, including status, budgets, token and elapsed-time usage, and remaining token budge…",
   "strict": false,
   "parameters": {
    "type": "object",
    "properties": {},
    "required": [],
    "additionalProperties": false
   }
  },
  {
   "type": "function",
   "name": "create_goal",
   "description": "Create a goal only when explicitly requested by the user or system/developer instructions; do not infer goals from ordin…",
   "strict": false,
   "parameters": {
    "type": "object",
    "properties": {
     "objective": {
      "type": "string",
      "description": "Required. The concrete objective to start pursuing. This starts a new active goal when no goal exists or replaces the cu…"
     },
     "token_budget": {
      "type": "integer",
      "description": "Positive token budget for the new goal. Omit unless explicitly requested."
     }
    },
    "required": [
     "objective"
    ],
    "additionalProperties": false
   }
  },
  {
   "type": "function",
   "name": "update_goal",
   "description": "Update the existing goal.\nSet status to `paused` only at the user's explicit request to pause this goal, never on your o…",
   "strict": false,
   "parameters": {
    "type": "object",
    "properties": {
     "status": {
      "type": "string",
      "description": "Required. `paused` requires an explicit user request. Set to `complete` only when the objective is achieved and no requi…",
      "enum": [
       "complete",
       "blocked",
       "paused"
      ]
     }
    },
    "required": [
     "status"
    ],
    "additionalProperties": false
   }
  },
  {
   "type": "web_search",
   "external_web_access": false
  }
 ],
 "tool_choice": "auto",
 "parallel_tool_calls": true,
 "reasoning": {
  "summary": "auto"
 },
 "store": false,
 "include": [
  "reasoning.encrypted_content"
 ],
 "prompt_cache_key": "01a2424b-0f80-77d1-92cc-1d7beded5318"
})json";

inline const char* const k_codex_tool_followup = R"json({
 "model": "mock/echo",
 "stream": true,
 "input": [
  {
   "type": "message",
   "id": "msg_603547d4-cd72-5aca-b26a-39d889e0bb4a",
   "role": "developer",
   "content": [
    {
     "type": "input_text",
     "text": "You are a coding agent running in the Codex CLI, a terminal-based coding assistant. Codex CLI is an open source project …"
    }
   ]
  },
  {
   "type": "message",
   "id": "msg_01a2424b-517e-78e1-8a18-04ab6eb0eb4b",
   "role": "developer",
   "content": [
    {
     "type": "input_text",
     "text": "<skills_instructions>\n## Skills\nA skill is a set of local instructions to follow that is stored in a `SKILL.md` file. Be…"
    },
    {
     "type": "input_text",
     "text": "<permissions instructions>\nFilesystem sandboxing defines which files can be read or written. `sandbox_mode` is `read-onl…"
    }
   ]
  },
  {
   "type": "message",
   "id": "msg_01a2424b-517e-78e1-8a18-04bb74982e5e",
   "role": "user",
   "content": [
    {
     "type": "input_text",
     "text": "<environment_context>\n  <cwd>/tmp/cap/proj</cwd>\n  <shell>bash</shell>\n  <current_date>2026-12-04</current_date>\n  <time…"
    }
   ]
  },
  {
   "type": "message",
   "id": "msg_01a2424b-51a8-7b42-b0a0-c94af7e3cacf",
   "role": "user",
   "content": [
    {
     "type": "input_text",
     "text": "run echo"
    }
   ]
  },
  {
   "type": "function_call",
   "status": "completed",
   "id": "fc_1",
   "name": "exec_command",
   "arguments": "{\"cmd\":\"echo tool-ran-42\"}",
   "call_id": "call_1"
  },
  {
   "type": "function_call_output",
   "id": "fco_01a2424b-5328-76f3-bbee-a7d4e3ca2443",
   "call_id": "call_1",
   "output": "Chunk ID: df8281\nWall time: 0.0000 seconds\nProcess exited with code 0\nOriginal token count: 3\nOutput:\ntool-ran-42\n"
  }
 ],
 "tools": [
  {
   "type": "function",
   "name": "exec_command",
   "description": "Runs a command in a PTY, returning output or a session ID for ongoing interaction.",
   "strict": false,
   "parameters": {
    "type": "object",
    "properties": {
     "cmd": {
      "type": "string",
      "description": "Shell command to execute."
     },
     "justification": {
      "type": "string",
      "description": "User-facing approval question for `require_escalated`; omit otherwise."
     },
     "login": {
      "type": "boolean",
      "description": "Request login-shell startup. Omit to inherit."
     },
     "max_output_tokens": {
      "type": "number",
      "description": "Output token budget. Defaults to 10000 tokens; larger requests may be capped by policy."
     },
     "prefix_rule": {
      "type": "array",
      "description": "Reusable approval prefix for `cmd`, only with `sandbox_permissions: \"require_escalated\"`; for example [\"git\", \"pull\"].",
      "items": {
       "type": "string"
      }
     },
     "sandbox_permissions": {
      "type": "string",
      "description": "Per-command sandbox override. Defaults to `use_default`; use `require_escalated` for unsandboxed execution.",
      "enum": [
       "use_default",
       "require_escalated"
      ]
     },
     "shell": {
      "type": "string",
      "description": "Shell binary to launch. Defaults to the user's default shell."
     },
     "tty": {
      "type": "boolean",
      "description": "True allocates a PTY for the command; false or omitted uses plain pipes."
     },
     "workdir": {
      "type": "string",
      "description": "Working directory for the command. Defaults to the turn cwd."
     },
     "yield_time_ms": {
      "type": "number",
      "description": "Wait before yielding output. Defaults to 10000 ms; effective range is 250-30000 ms."
     }
    },
    "required": [
     "cmd"
    ],
    "additionalProperties": false
   }
  },
  {
   "type": "function",
   "name": "write_stdin",
   "description": "Writes characters to an existing unified exec session and returns recent output.",
   "strict": false,
   "parameters": {
    "type": "object",
    "properties": {
     "chars": {
      "type": "string",
      "description": "Bytes to write to stdin. Defaults to empty, which polls without writing."
     },
     "max_output_tokens": {
      "type": "number",
      "description": "Output token budget. Defaults to 10000 tokens; larger requests may be capped by policy."
     },
     "session_id": {
      "type": "number",
      "description": "Identifier of the running unified exec session."
     },
     "yield_time_ms": {
      "type": "number",
      "description": "Wait before yielding output. Non-empty writes default to 250 ms and cap at 30000 ms; empty polls wait 5000-300000 ms by …"
     }
    },
    "required": [
     "session_id"
    ],
    "additionalProperties": false
   }
  },
  {
   "type": "function",
   "name": "request_user_input",
   "description": "Request user input for one to three short questions and wait for the response. This tool is only available in Plan mode.",
   "strict": false,
   "parameters": {
    "type": "object",
    "properties": {
     "questions": {
      "type": "array",
      "description": "Questions to show the user. Prefer 1 and do not exceed 3",
      "items": {
       "type": "object",
       "properties": {
        "header": {
         "type": "string",
         "description": "Short header label shown in the UI (12 or fewer chars)."
        },
        "id": {
         "type": "string",
         "description": "Stable identifier for mapping answers (snake_case)."
        },
        "options": {
         "type": "array",
         "description": "Provide 2-3 mutually exclusive choices. Put the recommended option first and suffix its label with \"(Recommended)\". Do n…",
         "items": {
          "type": "object",
          "properties": {
           "description": {
            "type": "string",
            "description": "One short sentence explaining impact/tradeoff if selected."
           },
           "label": {
            "type": "string",
            "description": "User-facing label (1-5 words)."
           }
          },
          "required": [
           "label",
           "description"
          ],
          "additionalProperties": false
         }
        },
        "question": {
         "type": "string",
         "description": "Single-sentence prompt shown to the user."
        }
       },
       "required": [
        "id",
        "header",
        "question",
        "options"
       ],
       "additionalProperties": false
      }
     }
    },
    "required": [
     "questions"
    ],
    "additionalProperties": false
   }
  },
  {
   "type": "function",
   "name": "view_image",
   "description": "View a local image file from the filesystem when visual inspection is needed. Use this for images already available on d…",
   "strict": false,
   "parameters": {
    "type": "object",
    "properties": {
     "path": {
      "type": "string",
      "description": "Local filesystem path to an image file."
     }
    },
    "required": [
     "path"
    ],
    "additionalProperties": false
   }
  },
  {
   "type": "namespace",
   "name": "multi_agent_v1",
   "description": "Tools for spawning and managing sub-agents.",
   "tools": [
    {
     "type": "function",
     "name": "close_agent",
     "description": "Close an agent and any open descendants when they are no longer needed, and return the target agent's previous status be…",
     "strict": false,
     "parameters": {
      "type": "object",
      "properties": {
       "target": {
        "type": "string",
        "description": "Agent id to close (from spawn_agent)."
       }
      },
      "required": [
       "target"
      ],
      "additionalProperties": false
     }
    },
    {
     "type": "function",
     "name": "resume_agent",
     "description": "Resume a previously closed agent by id so it can receive send_input and wait_agent calls.",
     "strict": false,
     "parameters": {
      "type": "object",
      "properties": {
       "id": {
        "type": "string",
        "description": "Agent id to resume."
       }
      },
      "required": [
       "id"
      ],
      "additionalProperties": false
     }
    },
    {
     "type": "function",
     "name": "send_input",
     "description": "Send a message to an existing agent. Use interrupt=true to redirect work immediately. You should reuse the agent by send…",
     "strict": false,
     "parameters": {
      "type": "object",
      "properties": {
       "interrupt": {
        "type": "boolean",
        "description": "True interrupts the current task and handles this message immediately; false or omitted queues it."
       },
       "items": {
        "type": "array",
        "description": "Structured input items. Use this to pass explicit mentions (for example app:// connector paths).",
        "items": {
         "type": "object",
         "properties": {
          "audio_url": {
           "type": "string",
           "description": "Audio data URL when type is audio."
          },
          "image_url": {
           "type": "string",
           "description": "Image URL when type is image."
          },
          "name": {
           "type": "string",
           "description": "Display name when type is skill or mention."
          },
          "path": {
           "type": "string",
           "description": "Path when type is local_image/local_audio/skill, or structured mention target such as app://<connector-id> or plugin://<…"
          },
          "text": {
           "type": "string",
           "description": "Text content when type is text."
          },
          "type": {
           "type": "string",
           "description": "Input item type: text, image, local_image, audio, local_audio, skill, or mention."
          }
         },
         "additionalProperties": false
        }
       },
       "message": {
        "type": "string",
        "description": "Legacy plain-text message to send to the agent. Use either message or items."
       },
       "target": {
        "type": "string",
        "description": "Agent id to message (from spawn_agent)."
       }
      },
      "required": [
       "target"
      ],
      "additionalProperties": false
     }
    },
    {
     "type": "function",
     "name": "spawn_agent",
     "description": "\n        \n        Available model overrides (optional; inherited parent model is preferred):\n- `gpt-6.2-sol`: Fast, go-t…",
     "strict": false,
     "parameters": {
      "type": "object",
      "properties": {
       "fork_context": {
        "type": "boolean",
        "description": "True forks the current thread history into the new agent; false or omitted starts with only the initial prompt."
       },
       "items": {
        "type": "array",
        "description": "Structured input items. Use this to pass explicit mentions (for example app:// connector paths).",
        "items": {
         "type": "object",
         "properties": {
          "audio_url": {
           "type": "string",
           "description": "Audio data URL when type is audio."
          },
          "image_url": {
           "type": "string",
           "description": "Image URL when type is image."
          },
          "name": {
           "type": "string",
           "description": "Display name when type is skill or mention."
          },
          "path": {
           "type": "string",
           "description": "Path when type is local_image/local_audio/skill, or structured mention target such as app://<connector-id> or plugin://<…"
          },
          "text": {
           "type": "string",
           "description": "Text content when type is text."
          },
          "type": {
           "type": "string",
           "description": "Input item type: text, image, local_image, audio, local_audio, skill, or mention."
          }
         },
         "additionalProperties": false
        }
       },
       "message": {
        "type": "string",
        "description": "Initial plain-text task for the new agent. Use either message or items."
       },
       "model": {
        "type": "string",
        "description": "Model override for the new agent. Omit unless an explicit override is needed."
       },
       "reasoning_effort": {
        "type": "string",
        "description": "Reasoning effort override for the new agent. Omit to inherit the parent effort."
       }
      },
      "additionalProperties": false
     }
    },
    {
     "type": "function",
     "name": "wait_agent",
     "description": "Wait for agents to reach a final status. Completed statuses may include the agent's final message. Returns empty status …",
     "strict": false,
     "parameters": {
      "type": "object",
      "properties": {
       "targets": {
        "type": "array",
        "description": "Agent ids to wait on. Pass multiple ids to wait for whichever finishes first.",
        "items": {
         "type": "string"
        }
       },
       "timeout_ms": {
        "type": "number",
        "description": "Timeout in milliseconds. Defaults to 30000, min 10000, max 3600000. Prefer longer waits (minutes) to avoid busy polling."
       }
      },
      "required": [
       "targets"
      ],
      "additionalProperties": false
     }
    }
   ]
  },
  {
   "type": "function",
   "name": "get_goal",
   "description": "Get the current goal for this thread, including status, budgets, token and elapsed-time usage, and remaining token budge…",
   "strict": false,
   "parameters": {
    "type": "object",
    "properties": {},
    "required": [],
    "additionalProperties": false
   }
  },
  {
   "type": "function",
   "name": "create_goal",
   "description": "Create a goal only when explicitly requested by the user or system/developer instructions; do not infer goals from ordin…",
   "strict": false,
   "parameters": {
    "type": "object",
    "properties": {
     "objective": {
      "type": "string",
      "description": "Required. The concrete objective to start pursuing. This starts a new active goal when no goal exists or replaces the cu…"
     },
     "token_budget": {
      "type": "integer",
      "description": "Positive token budget for the new goal. Omit unless explicitly requested."
     }
    },
    "required": [
     "objective"
    ],
    "additionalProperties": false
   }
  },
  {
   "type": "function",
   "name": "update_goal",
   "description": "Update the existing goal.\nSet status to `paused` only at the user's explicit request to pause this goal, never on your o…",
   "strict": false,
   "parameters": {
    "type": "object",
    "properties": {
     "status": {
      "type": "string",
      "description": "Required. `paused` requires an explicit user request. Set to `complete` only when the objective is achieved and no requi…",
      "enum": [
       "complete",
       "blocked",
       "paused"
      ]
     }
    },
    "required": [
     "status"
    ],
    "additionalProperties": false
   }
  },
  {
   "type": "web_search",
   "external_web_access": false
  }
 ],
 "tool_choice": "auto",
 "parallel_tool_calls": true,
 "reasoning": {
  "summary": "auto"
 },
 "store": false,
 "include": [
  "reasoning.encrypted_content"
 ],
 "prompt_cache_key": "01a2424b-50d6-7a31-8198-0dd8d4f769d1"
})json";

inline const char* const k_codex_responses_default_model = R"json({
 "model": "gpt-6.2-sol",
 "stream": true,
 "input": [
  {
   "type": "additional_tools",
   "id": "at_01a2424a-dd16-7911-b12f-c79a7eca93c0",
   "role": "developer",
   "tools": [
    {
     "type": "namespace",
     "name": "functions",
     "description": "",
     "tools": [
      {
       "type": "custom",
       "name": "exec",
       "description": "Run JavaScript code to orchestrate/compose tool calls\n- Evaluates the provided JavaScript code in a fresh V8 isolate as …",
       "format": {
        "type": "grammar",
        "syntax": "lark",
        "definition": "\nstart: pragma_source | plain_source\npragma_source: PRAGMA_LINE NEWLINE SOURCE\nplain_source: SOURCE\n\nPRAGMA_LINE: /[ \\t]…"
       }
      },
      {
       "type": "function",
       "name": "wait",
       "description": "Waits on a yielded `exec` cell and returns new output or completion.\n- Use `wait` only after `exec` returns `Script runn…",
       "strict": false,
       "parameters": {
        "type": "object",
        "properties": {
         "cell_id": {
          "type": "string",
          "description": "Identifier of the running exec cell."
         },
         "max_tokens": {
          "type": "number",
          "description": "Output token budget for this wait call. Defaults to 10000 tokens."
         },
         "terminate": {
          "type": "boolean",
          "description": "True stops the running exec cell; false or omitted waits for output."
         },
         "yield_time_ms": {
          "type": "number",
          "description": "Wait before yielding more output. Defaults to 10000 ms."
         }
        },
        "required": [
         "cell_id"
        ],
        "additionalProperties": false
       }
      },
      {
       "type": "function",
       "name": "request_user_input",
       "description": "Request user input for one to three short questions and wait for the response. This tool is only available in Plan mode.",
       "strict": false,
       "parameters": {
        "type": "object",
        "properties": {
         "questions": {
          "type": "array",
          "description": "Questions to show the user. Prefer 1 and do not exceed 3",
          "items": {
           "type": "object",
           "properties": {
            "header": {
             "type": "string",
             "description": "Short header label shown in the UI (12 or fewer chars)."
            },
            "id": {
             "type": "string",
             "description": "Stable identifier for mapping answers (snake_case)."
            },
            "options": {
             "type": "array",
             "description": "Provide 2-3 mutually exclusive choices. Put the recommended option first and suffix its label with \"(Recommended)\". Do n…",
             "items": {
              "type": "object",
              "properties": {
               "description": {
                "type": "string",
                "description": "One short sentence explaining impact/tradeoff if selected."
               },
               "label": {
                "type": "string",
                "description": "User-facing label (1-5 words)."
               }
              },
              "required": [
               "label",
               "description"
              ],
              "additionalProperties": false
             }
            },
            "question": {
             "type": "string",
             "description": "Single-sentence prompt shown to the user."
            }
           },
           "required": [
            "id",
            "header",
            "question",
            "options"
           ],
           "additionalProperties": false
          }
         }
        },
        "required": [
         "questions"
        ],
        "additionalProperties": false
       }
      },
      {
       "type": "function",
       "name": "request_user_input_async",
       "description": "Ask the user one or more questions during ongoing work. Use this tool only to request missing information, preferences, …",
       "strict": false,
       "parameters": {
        "type": "object",
        "properties": {
         "questions": {
          "type": "array",
          "description": "One or more self-contained questions to present together, in display order.",
          "items": {
           "type": "object",
           "properties": {
            "options": {
             "type": "array",
             "description": "Suggested answers, in display order. Put the recommended answer first; the first option is preselected by default. The u…",
             "items": {
              "type": "string"
             },
             "minItems": 1
            },
            "title": {
             "type": "string",
             "description": "The complete question shown to the user, including any context needed to answer it."
            }
           },
           "required": [
            "title"
           ],
           "additionalProperties": false
          },
          "minItems": 1
         }
        },
        "required": [
         "questions"
        ],
        "additionalProperties": false
       }
      },
      {
       "type": "function",
       "name": "send_message_to_user_async",
       "description": "Send a concise message that needs the user's attention during ongoing work. The tool returns immediately without ending …",
       "strict": false,
       "parameters": {
        "type": "object",
        "properties": {
         "message": {
          "type": "string",
          "description": "The concise question or update to send to the user."
         }
        },
        "required": [
         "message"
        ],
        "additionalProperties": false
       }
      }
     ]
    },
    {
     "type": "namespace",
     "name": "clock",
     "description": "Tools for reading and waiting on time.",
     "tools": [
      {
       "type": "function",
       "name": "sleep",
       "description": "Pause execution for a specified duration. The sleep ends early when new input arrives for the active turn. Returns the e…",
       "strict": false,
       "parameters": {
        "type": "object",
        "properties": {
         "duration_ms": {
          "type": "number",
          "description": "How long to sleep in milliseconds. Must be between 1 and 43200000."
         }
        },
        "required": [
         "duration_ms"
        ],
        "additionalProperties": false
       }
      }
     ]
    },
    {
     "type": "namespace",
     "name": "collaboration",
     "description": "Tools for spawning and managing sub-agents.",
     "tools": [
      {
       "type": "function",
       "name": "followup_task",
       "description": "Send a follow-up task to an existing non-root target agent and trigger a turn if it is idle. If the target is already ru…",
       "strict": false,
       "parameters": {
        "type": "object",
        "properties": {
         "message": {
          "type": "string",
          "description": "Message text to send to the target agent.",
          "encrypted": true
         },
         "target": {
          "type": "string",
          "description": "Agent id or canonical task name to send a follow-up task to (from spawn_agent)."
         }
        },
        "required": [
         "target",
         "message"
        ],
        "additionalProperties": false
       }
      },
      {
       "type": "function",
       "name": "interrupt_agent",
       "description": "Interrupt an agent's current turn, if any, and return its previous status. The agent remains available for messages and …",
       "strict": false,
       "parameters": {
        "type": "object",
        "properties": {
         "target": {
          "type": "string",
          "description": "Agent id or canonical task name to interrupt (from spawn_agent)."
         }
        },
        "required": [
         "target"
        ],
        "additionalProperties": false
       }
      },
      {
       "type": "function",
       "name": "list_agents",
       "description": "List live agents in the current root thread tree. Optionally filter by task-path prefix.",
       "strict": false,
       "parameters": {
        "type": "object",
        "properties": {
         "path_prefix": {
          "type": "string",
          "description": "Task-path prefix filter without a trailing slash. Omit to list all live agents."
         }
        },
        "additionalProperties": false
       }
      },
      {
       "type": "function",
       "name": "send_message",
       "description": "Send a message to an existing agent. The message will be delivered promptly. Does not trigger a new turn.",
       "strict": false,
       "parameters": {
        "type": "object",
        "properties": {
         "message": {
          "type": "string",
          "description": "Message text to queue on the target agent.",
          "encrypted": true
         },
         "target": {
          "type": "string",
          "description": "Relative or canonical task name to message (from spawn_agent)."
         }
        },
        "required": [
         "target",
         "message"
        ],
        "additionalProperties": false
       }
      },
      {
       "type": "function",
       "name": "spawn_agent",
       "description": "\n        Available model overrides (optional; inherited parent model is preferred):\n- `gpt-6.2-sol`: Fast, go-to model f…",
       "strict": false,
       "parameters": {
        "type": "object",
        "properties": {
         "fork_turns": {
          "type": "string",
          "description": "Parent history to inherit. Defaults to `all`; use `none` to start without parent history. Only `all` and `none` are supp…"
         },
         "message": {
          "type": "string",
          "description": "Initial plain-text task for the new agent.",
          "encrypted": true
         },
         "model": {
          "type": "string",
          "description": "Model override for the new agent. Omit unless an explicit override is needed."
         },
         "reasoning_effort": {
          "type": "string",
          "description": "Reasoning effort override for the new agent. Omit to inherit the parent effort."
         },
         "task_name": {
          "type": "string",
          "description": "Task name for the new agent. Use lowercase letters, digits, and underscores."
         }
        },
        "required": [
         "task_name",
         "message"
        ],
        "additionalProperties": false
       }
      },
      {
       "type": "function",
       "name": "wait_agent",
       "description": "Wait for a mailbox update from any live agent, including queued messages and final-status notifications. The wait also e…",
       "strict": false,
       "parameters": {
        "type": "object",
        "properties": {
         "timeout_ms": {
          "type": "number",
          "description": "Timeout in milliseconds. Defaults to 30000, min 10000, max 3600000."
         }
        },
        "additionalProperties": false
       }
      }
     ]
    }
   ]
  },
  {
   "type": "message",
   "id": "msg_01a2424a-dd16-7911-b12f-c7ab80a7a512",
   "role": "developer",
   "content": [
    {
     "type": "input_text",
     "text": "You are Codex, an agent based on GPT-6. You and the user share a workspace, and your job is to collaborate with them unt…"
    }
   ]
  },
  {
   "type": "message",
   "id": "msg_01a2424a-dd16-7911-b12f-c7b222ccf782",
   "role": "developer",
   "content": [
    {
     "type": "input_text",
     "text": "<skills_instructions>\n## Skills\nA skill is a set of local instructions to follow that is stored in a `SKILL.md` file. Be…"
    },
    {
     "type": "input_text",
     "text": "<permissions instructions>\nFilesystem sandboxing defines which files can be read or written. `sandbox_mode` is `read-onl…"
    },
    {
     "type": "input_text",
     "text": "<collaboration_mode># Collaboration Mode: Default\n\nYou are now in Default mode. Any previous instructions for other mode…"
    }
   ]
  },
  {
   "type": "message",
   "id": "msg_01a2424a-dd16-7911-b12f-c7cf250ede04",
   "role": "developer",
   "content": [
    {
     "type": "input_text",
     "text": "<multi_agent_role>You are `/root`, the primary agent in a team of agents collaborating to fulfill the user's goals.\n\nAt …"
    }
   ]
  },
  {
   "type": "message",
   "id": "msg_01a2424a-dd16-7911-b12f-c7d462d50a1b",
   "role": "developer",
   "content": [
    {
     "type": "input_text",
     "text": "<multi_agent_mode>Any earlier instruction enabling proactive multi-agent delegation no longer applies. Do not spawn sub-…"
    }
   ]
  },
  {
   "type": "message",
   "id": "msg_01a2424a-dd16-7911-b12f-c7e33a9d38c1",
   "role": "user",
   "content": [
    {
     "type": "input_text",
     "text": "<environment_context>\n  <cwd>/tmp/cap/proj</cwd>\n  <shell>bash</shell>\n  <current_date>2026-12-04</current_date>\n  <time…"
    }
   ]
  },
  {
   "type": "message",
   "id": "msg_01a2424a-dd29-7262-96f8-179374a0bfc4",
   "role": "user",
   "content": [
    {
     "type": "input_text",
     "text": "say hi"
    }
   ]
  }
 ],
 "tool_choice": "auto",
 "parallel_tool_calls": false,
 "reasoning": {
  "effort": "low",
  "context": "all_turns"
 },
 "store": false,
 "include": [
  "reasoning.encrypted_content"
 ],
 "prompt_cache_key": "01a2424a-dc68-7b50-8585-e609a16d0868",
 "text": {
  "verbosity": "low"
 }
})json";

inline const char* const k_ai_sdk_responses = R"json({
 "model": "gpt-4o",
 "input": [
  {
   "role": "system",
   "content": "be brief"
  },
  {
   "role": "user",
   "content": [
    {
     "type": "input_text",
     "text": "say hi"
    }
   ]
  }
 ]
})json";

inline const char* const k_ai_sdk_tools_followup = R"json({
 "model": "gpt-4o",
 "input": [
  {
   "role": "user",
   "content": [
    {
     "type": "input_text",
     "text": "weather?"
    }
   ]
  },
  {
   "type": "function_call",
   "call_id": "call_1",
   "name": "weather",
   "arguments": "{\"city\":\"Paris\"}"
  },
  {
   "type": "function_call_output",
   "call_id": "call_1",
   "output": "sunny in Paris"
  }
 ],
 "tools": [
  {
   "type": "function",
   "name": "weather",
   "description": "weather",
   "parameters": {
    "$schema": "http://json-schema.org/draft-07/schema#",
    "type": "object",
    "properties": {
     "city": {
      "type": "string"
     }
    },
    "required": [
     "city"
    ],
    "additionalProperties": false
   }
  }
 ],
 "tool_choice": "auto"
})json";

inline const char* const k_ai_sdk_object = R"json({
 "model": "gpt-4o",
 "input": [
  {
   "role": "user",
   "content": [
    {
     "type": "input_text",
     "text": "a name"
    }
   ]
  }
 ],
 "text": {
  "format": {
   "type": "json_schema",
   "strict": true,
   "name": "response",
   "schema": {
    "$schema": "http://json-schema.org/draft-07/schema#",
    "type": "object",
    "properties": {
     "name": {
      "type": "string"
     }
    },
    "required": [
     "name"
    ],
    "additionalProperties": false
   }
  }
 }
})json";

inline const char* const k_ai_sdk_followup = R"json({
 "model": "gpt-4o",
 "input": [
  {
   "role": "user",
   "content": [
    {
     "type": "input_text",
     "text": "say hi"
    }
   ]
  },
  {
   "type": "item_reference",
   "id": "msg_1"
  },
  {
   "role": "user",
   "content": [
    {
     "type": "input_text",
     "text": "again"
    }
   ]
  }
 ]
})json";

inline const char* const k_langchain_responses = R"json({
 "input": [
  {
   "type": "message",
   "role": "user",
   "content": "say hi"
  }
 ],
 "model": "gpt-4o",
 "stream": false,
 "text": {}
})json";

inline const char* const k_openai_sdk_responses = R"json({
 "model": "gpt-4o",
 "input": "say hi"
})json";

inline const char* const k_openai_sdk_followup = R"json({
 "model": "gpt-4o",
 "input": "again",
 "previous_response_id": "resp_7"
})json";

} // namespace responses_fixtures
