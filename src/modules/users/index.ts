/**
 * Users: accounts, invitations and passwords.
 * The feature's public face: other features import from this file only, never its other files.
 */
export { AcceptInvitationDto } from './dto/password.dto.js';
export { UserResponseDto } from './dto/user.response.dto.js';
export { EmailField } from './dto/user-fields.js';
export { hashPassword, PASSWORD_MAX_LENGTH, verifyPassword } from './password-policy.js';
export { newSecret, parseToken, secretMatches } from './secret-token.js';
export { User } from './user.entity.js';
export { UsersModule } from './users.module.js';
export { UsersService } from './users.service.js';
