import { describe, expect, it } from 'vitest';
import { describeStartupError } from '../../../main/app/startup-error';
import { AlreadyRunningError } from '../../../main/instance-lock';

describe('describeStartupError', () => {
  it('names the headless gateway that holds the data folder, and how to get past it', () => {
    const { title, message } = describeStartupError(
      new AlreadyRunningError(4242),
      '/home/me/.config/Portcullis',
      {
        pid: 4242,
        mode: 'headless',
        dashboardUrl: 'http://127.0.0.1:7345/',
      },
    );
    expect(title).toBe('Portcullis is already running');
    expect(message).toContain('`portcullis serve`, pid 4242');
    expect(message).toContain('/home/me/.config/Portcullis');
    expect(message).toContain('Stop the other one');
    expect(message).toContain('http://127.0.0.1:7345/');
  });

  it('still explains itself when the other gateway left no runtime file', () => {
    const { message } = describeStartupError(new AlreadyRunningError(7), '/d');
    expect(message).toContain('pid 7');
    expect(message).not.toContain('dashboard');
  });

  it('reports any other failure with its message', () => {
    const { title, message } = describeStartupError(new Error('EACCES: permission denied'), '/d');
    expect(title).toBe('Portcullis could not start');
    expect(message).toContain('EACCES: permission denied');
  });
});
