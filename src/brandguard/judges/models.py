"""Which chat model the judges use: a LangChain model object, an ``init_chat_model`` spec
(``openai:gpt-4.1-mini``) with an optional ``base_url`` for any OpenAI-compatible server
(llama.cpp, Ollama, vLLM, LM Studio, Azure), or the environment (``BRANDGUARD_MODEL``,
``BRANDGUARD_BASE_URL``, ``BRANDGUARD_API_KEY`` / ``OPENAI_API_KEY``). Nothing here imports
LangChain until a model is actually needed."""

from __future__ import annotations

import asyncio
import os
import weakref
from dataclasses import dataclass
from typing import Any

__all__ = ["ModelChoice", "choose_model"]


@dataclass
class ModelChoice:
    """A configured model, created on first use (so configuring one makes no network call)."""

    spec: str | None = None
    base_url: str | None = None
    api_key: str | None = None
    model: Any = None  # a LangChain BaseChatModel passed in directly
    timeout_s: float = 60.0

    @property
    def id(self) -> str:
        """A stable name for cache keys and reports (never the API key): the same before and
        after the model object is created, so cache keys do not change mid-run."""
        if self.spec is None and self.model is not None:  # a model object passed in
            name = getattr(self.model, "model_name", None) or getattr(self.model, "model", None)
            base = getattr(self.model, "openai_api_base", None)
            return f"{type(self.model).__name__}:{name or '?'}" + (f"@{base}" if base else "")
        spec = self.spec or ""
        provider, _, name = (
            spec.partition(":") if ":" in spec else ("openai" if self.base_url else "", "", spec)
        )
        cls = _PROVIDER_CLASS.get(provider, provider or "model")
        return f"{cls}:{name or spec}" + (f"@{self.base_url}" if self.base_url else "")

    def get(self) -> Any:
        """The chat model for the running event loop.

        An async HTTP client belongs to the loop it first ran on (and langchain-openai shares
        its default client between model objects), so a model made from a spec gets its own
        client per event loop: ``asyncio.run(checker.acheck_many(...))`` twice, or after a sync
        ``check()``, must not hit "Event loop is closed". A model object passed in is used as
        it is."""
        if self.model is not None:
            return self.model
        try:
            loop: Any = asyncio.get_running_loop()
        except RuntimeError:
            loop = None
        made = self._per_loop.get(loop) if loop is not None else self._no_loop
        if made is None:
            made = _init(
                self.spec or "", self.base_url, self.api_key, self.timeout_s, own_client=True
            )
            if loop is None:
                self._no_loop = made
            else:
                self._per_loop[loop] = made
        return made

    def __post_init__(self) -> None:
        self._per_loop: weakref.WeakKeyDictionary[Any, Any] = weakref.WeakKeyDictionary()
        self._no_loop: Any = None


_PROVIDER_CLASS = {
    "openai": "ChatOpenAI",
    "azure_openai": "AzureChatOpenAI",
    "anthropic": "ChatAnthropic",
    "ollama": "ChatOllama",
    "google_genai": "ChatGoogleGenerativeAI",
}


def choose_model(
    model: Any = None,
    *,
    base_url: str | None = None,
    api_key: str | None = None,
    timeout_s: float = 60.0,
) -> ModelChoice | None:
    """The model to use, or None when none is configured (then the judges are skipped)."""
    if model is not None and not isinstance(model, str):
        return ModelChoice(model=model, timeout_s=timeout_s)
    spec = model or os.environ.get("BRANDGUARD_MODEL") or None
    base_url = base_url or os.environ.get("BRANDGUARD_BASE_URL") or None
    if not spec:
        return None
    api_key = api_key or os.environ.get("BRANDGUARD_API_KEY") or None
    return ModelChoice(spec=spec, base_url=base_url, api_key=api_key, timeout_s=timeout_s)


def key_may_go_to(url: str) -> bool:
    """An API key is sent only over https or to this machine (loopback), unless the user
    allows plain http with ``BRANDGUARD_INSECURE_API_KEY=1``: a Bearer token over http can be
    read by anyone on the path."""
    from urllib.parse import urlsplit

    if os.environ.get("BRANDGUARD_INSECURE_API_KEY", "").lower() in ("1", "true", "yes"):
        return True
    parts = urlsplit(url)
    if parts.scheme == "https":
        return True
    host = (parts.hostname or "").lower()
    return host in ("localhost", "::1") or host.startswith("127.")


def _init(
    spec: str,
    base_url: str | None,
    api_key: str | None,
    timeout_s: float,
    *,
    own_client: bool = False,
) -> Any:
    from langchain.chat_models import init_chat_model

    if ":" not in spec and base_url:
        spec = f"openai:{spec}"  # a bare model name on an OpenAI-compatible server
    kwargs: dict[str, Any] = {"temperature": 0, "timeout": timeout_s, "max_retries": 0}
    if own_client and spec.split(":", 1)[0] in ("openai", "azure_openai"):
        import httpx

        kwargs["http_async_client"] = httpx.AsyncClient(timeout=timeout_s)
    if base_url:
        kwargs["base_url"] = base_url
        key = api_key or os.environ.get("OPENAI_API_KEY")
        if key and not key_may_go_to(base_url):
            raise ValueError(
                f"refusing to send the API key over plain http to {base_url}: use https, a "
                "loopback server, or set BRANDGUARD_INSECURE_API_KEY=1 to allow it"
            )
        # local servers accept any key; the OpenAI client insists on one
        kwargs["api_key"] = key or "not-needed"
    elif api_key:
        kwargs["api_key"] = api_key
    return init_chat_model(spec, **kwargs)
