# The workshop's background-process image: the shell stays PID 1 with the server in its
# background, so the container keeps running after the server dies.
FROM python:3.3
ADD start.sh /start.sh
RUN chmod +x /start.sh
CMD python -m http.server 5000 & echo "Everything is great!"; sleep 100000
