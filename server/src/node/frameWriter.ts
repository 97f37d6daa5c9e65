/**
 * The server's message writer on --stdio: each message leaves in one write, its header and its
 * body together. (vscode-jsonrpc's stream writer writes the header, waits for that write to
 * finish, then writes the body: two system calls per message, and a client woken twice, once for
 * a header it cannot use yet. Measured in bench/README.md, "One write per message".)
 */
import {
  AbstractMessageWriter,
  type Message,
  type MessageWriter,
} from 'vscode-languageserver/node';

export class FrameWriter extends AbstractMessageWriter implements MessageWriter {
  private errors = 0;
  /** The last error a write reported (the stream then emits it as well: reported once). */
  private reported?: Error;

  constructor(private readonly out: NodeJS.WritableStream) {
    super();
    out.on('error', (e: Error) => {
      if (e !== this.reported) this.fireError(e);
    });
    out.on('close', () => this.fireClose());
  }

  write(msg: Message): Promise<void> {
    const body = JSON.stringify(msg);
    const frame = `Content-Length: ${Buffer.byteLength(body, 'utf8')}\r\n\r\n${body}`;
    return new Promise((resolve, reject) => {
      this.out.write(frame, 'utf8', (error?: Error | null) => {
        if (!error) return resolve();
        this.errors++;
        this.reported = error;
        this.fireError(error, msg, this.errors);
        reject(error);
      });
    });
  }

  end(): void {
    this.out.end();
  }
}
