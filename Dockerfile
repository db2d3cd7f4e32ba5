# One dashboard replica. compose.yaml runs several of them behind nginx (deploy/nginx/).
FROM python:3.11-slim
WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY app.py ./
COPY .streamlit/ .streamlit/
COPY components/ components/
COPY views/ views/
COPY data/ data/
COPY static/ static/
# The fingerprint of the validated data package is kept here, so a restart skips the full validation.
ENV WARCRIMES_CACHE_DIR=/app/.cache
RUN python -c "from components.data import load_dataset; load_dataset()"
EXPOSE 8501
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s \
  CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8501/_stcore/health', timeout=2)"
# .streamlit/config.toml binds 127.0.0.1; in a container the proxy reaches the replica from outside.
CMD ["python", "-m", "streamlit", "run", "app.py", "--server.address", "0.0.0.0", "--server.port", "8501"]
