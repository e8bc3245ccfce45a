"""The floor of the machine for scripts/bench/loop-latency.sh: an HTTP/1.1 server that answers every request with
the same 15-byte 200, a thread per connection, nothing else. Probing it idle measures the prober, the loopback and
the scheduler of this machine (other processes included), not a server.

Usage: python3 scripts/bench/trivial_http.py PORT
"""
import socket
import sys
import threading

ANSWER = b"HTTP/1.1 200 OK\r\nContent-Length: 15\r\nContent-Type: application/json\r\n\r\n{\"status\":\"UP\"}"


def serve(conn):
    conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    pending = b""
    with conn:
        while True:
            data = conn.recv(65536)
            if not data:
                return
            pending += data
            # a GET has no body: every blank line ends one request
            while b"\r\n\r\n" in pending:
                _, _, pending = pending.partition(b"\r\n\r\n")
                conn.sendall(ANSWER)


def main():
    listener = socket.socket()
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", int(sys.argv[1])))
    listener.listen(64)
    while True:
        conn, _ = listener.accept()
        threading.Thread(target=serve, args=(conn,), daemon=True).start()


if __name__ == "__main__":
    main()
